package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.connector.clickhouse.mapping.ClickHouseKeyLiterals;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowMapping;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseRowWriter;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryOutput;
import dev.flinkext.connector.clickhouse.sharding.ShardRouter;
import dev.flinkext.sink.writer.RowConverter;

import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;

import javax.annotation.Nullable;

import java.util.function.Consumer;

/**
 * A row → its RowBinary bytes, through the per-column writers of the mapping (built once per writer
 * in {@link #open}), followed by the columns the sink fills ({@link
 * ClickHouseChangelogPlan#sinkColumns()}: a generated version, is_deleted, the sign), and keyed by
 * the primary key for a changelog; with {@code sink.write-local} tagged with the shard whose local
 * table takes it ({@link ClickHouseLocalWritePlan#newRouter()}: as the Distributed table would).
 * Which row kinds become which rows is the {@link ClickHouseChangelogPlan}'s: append-only plans
 * refuse UPDATE and DELETE rows; rows a plan drops ({@code sink.ignore-delete}) emit nothing; for
 * ReplacingMergeTree (upsert mode) an UPDATE_BEFORE row is a delete of its key, as in Flink's own
 * upsert sinks. sink-core prefixes the messages with the sink's name, which names the table and its
 * endpoints.
 */
final class ClickHouseRowConverter implements RowConverter<RowData, ClickHouseInsertRow> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseRowMapping mapping;
    private final ClickHouseChangelogPlan plan;
    private final @Nullable ClickHouseLocalWritePlan local;
    private transient ClickHouseRowWriter writer;
    private transient @Nullable ShardRouter router;
    private transient @Nullable ClickHouseKeyLiterals keyLiterals;
    private transient ClickHouseRowWriter keyWriter;
    private transient RowBinaryOutput scratch;
    private transient long lastVersion;

    /**
     * @param local how rows are routed to shards ({@code sink.write-local}), or null
     */
    ClickHouseRowConverter(
            ClickHouseRowMapping mapping,
            ClickHouseChangelogPlan plan,
            @Nullable ClickHouseLocalWritePlan local) {
        this.mapping = mapping;
        this.plan = plan;
        this.local = local;
    }

    @Override
    public void open(WriterInitContext context) {
        writer = mapping.newRowWriter();
        keyWriter = plan.keyed() ? mapping.newKeyWriter(plan.keyPositions()) : null;
        router = local == null ? null : local.newRouter();
        keyLiterals = plan.mutations() ? mapping.newKeyLiterals(plan.keyPositions()) : null;
        scratch = new RowBinaryOutput(256);
        lastVersion = 0;
    }

    @Override
    public void convert(RowData row, Consumer<ClickHouseInsertRow> out) {
        if (writer == null) {
            open(null);
        }
        boolean retract;
        switch (row.getRowKind()) {
            case INSERT:
            case UPDATE_AFTER:
                if (!plan.keyed() && row.getRowKind() != org.apache.flink.types.RowKind.INSERT) {
                    throw appendOnly(row);
                }
                retract = false;
                break;
            case UPDATE_BEFORE:
                if (!plan.keyed()) {
                    throw appendOnly(row);
                }
                if (plan.mutations()) {
                    // upsert mode: Flink sends UPDATE_BEFORE alone when an operator needs it (a
                    // filter over an aggregate that drops the UPDATE_AFTER): a delete of the key;
                    // an UPDATE_AFTER that does follow replaces it in the buffer or re-inserts
                    if (!plan.ignoreDelete()) {
                        out.accept(mutation(row, false));
                    }
                    return;
                }
                if (!plan.collapsing()) {
                    // upsert mode (ReplacingMergeTree): Flink still sends UPDATE_BEFORE rows when
                    // an operator needs them (a filter over an aggregate, which may drop the
                    // UPDATE_AFTER): a delete of the key, as Flink's own upsert sinks read it
                    if (plan.ignoreDelete()) {
                        return;
                    }
                    if (plan.isDeletedColumn() == null) {
                        throw new IllegalArgumentException(plan.deleteRefusal());
                    }
                }
                retract = true;
                break;
            case DELETE:
                if (!plan.keyed()) {
                    throw appendOnly(row);
                }
                if (plan.ignoreDelete()) {
                    return;
                }
                if (plan.mutations()) {
                    out.accept(mutation(row, false));
                    return;
                }
                if (!plan.collapsing() && plan.isDeletedColumn() == null) {
                    throw new IllegalArgumentException(plan.deleteRefusal());
                }
                retract = true;
                break;
            default:
                throw new IllegalArgumentException("unknown row kind " + row.getRowKind());
        }
        if (plan.mutations()) {
            out.accept(mutation(row, true));
            return;
        }
        scratch.reset();
        writer.write(row, scratch); // bad data: IllegalArgumentException naming the column
        if (plan.generatedVersionColumn() != null) {
            // increasing per writer, from the wall clock in microseconds: later than the
            // versions of a restarted writer's earlier run (unless over 1M rows/s were sustained)
            lastVersion = Math.max(System.currentTimeMillis() * 1000L, lastVersion + 1);
            scratch.writeInt64(lastVersion);
        }
        if (plan.isDeletedColumn() != null) {
            scratch.writeInt8(retract ? 1 : 0);
        }
        if (plan.signColumn() != null) {
            scratch.writeInt8(retract ? -1 : 1);
        }
        byte[] bytes = scratch.toByteArray();
        ClickHouseInsertRow.Key key = null;
        if (keyWriter != null) {
            scratch.reset();
            keyWriter.write(row, scratch);
            key = new ClickHouseInsertRow.Key(scratch.toByteArray());
        }
        int shard = router == null ? 0 : router.shardOf(row);
        out.accept(new ClickHouseInsertRow(bytes, key, shard));
    }

    /** A {@code mutations} entry: the key (and its literal), and the row when it is inserted. */
    private ClickHouseInsertRow mutation(RowData row, boolean inserted) {
        byte[] bytes = new byte[0];
        if (inserted) {
            scratch.reset();
            writer.write(row, scratch);
            bytes = scratch.toByteArray();
        }
        scratch.reset();
        keyWriter.write(row, scratch);
        ClickHouseInsertRow.Key key = new ClickHouseInsertRow.Key(scratch.toByteArray());
        int shard = router == null ? 0 : router.shardOf(row);
        return new ClickHouseInsertRow(bytes, key, shard, keyLiterals.of(row), inserted);
    }

    /** {@code mutations}: only the last change of a key in the buffer is applied. */
    @Override
    public Object reduceKey(RowData row, java.util.List<ClickHouseInsertRow> entries) {
        return plan.mutations() && !entries.isEmpty() ? entries.get(0).key() : null;
    }

    private static IllegalArgumentException appendOnly(RowData row) {
        return new IllegalArgumentException(
                "the ClickHouse sink is append-only: it cannot apply a "
                        + row.getRowKind()
                        + " row (only INSERT rows; a changelog needs a PRIMARY KEY and a"
                        + " Replacing/Collapsing engine, see 'sink.upsert-strategy')");
    }
}
