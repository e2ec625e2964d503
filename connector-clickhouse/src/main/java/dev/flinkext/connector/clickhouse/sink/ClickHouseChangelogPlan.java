package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectorOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseUpsertStrategy;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the sink applies each kind of row, decided at planning time from the DDL's PRIMARY KEY,
 * {@code sink.upsert-strategy}, {@code sink.ignore-delete} and the table engine ({@code
 * system.tables.engine_full}):
 *
 * <ul>
 *   <li>{@code append}: INSERT rows only (no PRIMARY KEY, or an engine without upsert semantics).
 *   <li>{@code replacing} (ReplacingMergeTree(ver[, is_deleted])): INSERT/UPDATE_AFTER rows are
 *       inserted. The version column comes from the row when the DDL has it; otherwise the sink
 *       fills it (UInt64/Int64 only) with a per-writer counter that starts at the wall clock in
 *       microseconds and always increases, so a later change of a key gets a higher version even
 *       across batches and restarts (one key is written by one writer; clocks of different task
 *       managers may differ when a rescale moves a key). DELETE rows are inserted with is_deleted =
 *       1 when the engine has that parameter (servers from 23.2; 18.16 has none), and so are
 *       UPDATE_BEFORE rows (in upsert mode Flink still sends them when an operator needs them, e.g.
 *       a filter over an aggregate that may drop the UPDATE_AFTER: a delete, as Flink's own upsert
 *       sinks read it). Without is_deleted, a query that deletes is refused at planning time, and
 *       an UPDATE_BEFORE row (which the planner's changelog mode does not announce) fails the job
 *       when it arrives, unless {@code sink.ignore-delete} drops both.
 *   <li>{@code collapsing} (CollapsingMergeTree(sign)) and {@code versioned-collapsing}
 *       (VersionedCollapsingMergeTree(sign, version)): UPDATE_BEFORE and DELETE rows (Flink sends
 *       the whole old row) are inserted with sign -1, INSERT/UPDATE_AFTER rows with +1. The sink
 *       fills the sign column; the version column of the versioned engine must be in the DDL (a -1
 *       row cancels the +1 row of its own version, so the version must travel with the row).
 *   <li>{@code mutations} (any MergeTree table, chosen explicitly): per batch, {@code ALTER TABLE
 *       ... DELETE WHERE key IN (the batch's keys)}, then an INSERT of its INSERT/UPDATE_AFTER
 *       rows; DELETE and (as in upsert sinks) UPDATE_BEFORE rows only delete their key. Only the
 *       last change of a key in the buffer is kept. A mutation applies only to the parts that exist
 *       when it is made, so the INSERT after it survives it.
 * </ul>
 *
 * <p>The PRIMARY KEY must be the table's ORDER BY columns (the engines replace and collapse by
 * sorting key); it is the key whose changes sink-core keeps in order within and across batches.
 */
final class ClickHouseChangelogPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ClickHouseUpsertStrategy strategy;
    private final String table;
    private final String engine;
    private final List<String> keyColumns;
    private final int[] keyPositions;
    private final @Nullable String signColumn;
    private final @Nullable String generatedVersionColumn;
    private final @Nullable String isDeletedColumn;
    private final boolean hasVersion;
    private final boolean ignoreDelete;
    private final @Nullable String updateRefusal;
    private final @Nullable String deleteRefusal;

    private ClickHouseChangelogPlan(
            ClickHouseUpsertStrategy strategy,
            String table,
            String engine,
            List<String> keyColumns,
            int[] keyPositions,
            @Nullable String signColumn,
            @Nullable String generatedVersionColumn,
            @Nullable String isDeletedColumn,
            boolean hasVersion,
            boolean ignoreDelete,
            @Nullable String updateRefusal,
            @Nullable String deleteRefusal) {
        this.strategy = strategy;
        this.table = table;
        this.engine = engine;
        this.keyColumns = List.copyOf(keyColumns);
        this.keyPositions = keyPositions;
        this.signColumn = signColumn;
        this.generatedVersionColumn = generatedVersionColumn;
        this.isDeletedColumn = isDeletedColumn;
        this.hasVersion = hasVersion;
        this.ignoreDelete = ignoreDelete;
        this.updateRefusal = updateRefusal;
        this.deleteRefusal = deleteRefusal;
    }

    /** INSERT rows only; an updating query is refused with {@code why}. */
    static ClickHouseChangelogPlan append(String table, String engine, String why) {
        return new ClickHouseChangelogPlan(
                ClickHouseUpsertStrategy.APPEND,
                table,
                engine,
                List.of(),
                new int[0],
                null,
                null,
                null,
                false,
                false,
                why,
                why);
    }

    /**
     * @param table the table and endpoints, for messages
     * @throws ValidationException naming the table, the engine and what is missing
     */
    static ClickHouseChangelogPlan resolve(
            String table,
            ClickHouseEngine engine,
            List<ClickHouseColumn> columns,
            RowType rowType,
            List<String> primaryKey,
            ClickHouseUpsertStrategy requested,
            boolean ignoreDelete) {
        String where = "ClickHouse table " + table + " (engine " + engine.full() + ")";
        String strategyKey = ClickHouseConnectorOptions.SINK_UPSERT_STRATEGY.key();
        if (primaryKey.isEmpty()) {
            if (requested != ClickHouseUpsertStrategy.AUTO
                    && requested != ClickHouseUpsertStrategy.APPEND) {
                throw new ValidationException(
                        where
                                + ": '"
                                + strategyKey
                                + "' = '"
                                + optionValue(requested)
                                + "' needs a PRIMARY KEY (...) NOT ENFORCED in the DDL.");
            }
            return append(
                    table,
                    engine.full(),
                    where
                            + " cannot take an updating query without a PRIMARY KEY: declare"
                            + " PRIMARY KEY (...) NOT ENFORCED on the table's ORDER BY columns"
                            + (engine.sortingKey() == null ? "" : " " + engine.sortingKey()));
        }
        ClickHouseUpsertStrategy strategy = requested;
        if (strategy == ClickHouseUpsertStrategy.AUTO) {
            strategy =
                    switch (engine.name()) {
                        case "ReplacingMergeTree" -> ClickHouseUpsertStrategy.REPLACING;
                        case "CollapsingMergeTree" -> ClickHouseUpsertStrategy.COLLAPSING;
                        case "VersionedCollapsingMergeTree" ->
                                ClickHouseUpsertStrategy.VERSIONED_COLLAPSING;
                        default -> ClickHouseUpsertStrategy.APPEND;
                    };
            if (strategy == ClickHouseUpsertStrategy.APPEND) {
                return append(
                        table,
                        engine.full(),
                        where
                                + " cannot apply updates or deletes: its engine "
                                + engine.name()
                                + " neither replaces nor collapses rows. Use a"
                                + " ReplacingMergeTree, CollapsingMergeTree or"
                                + " VersionedCollapsingMergeTree table ('"
                                + strategyKey
                                + "' = 'mutations' applies them with ALTER TABLE ... DELETE,"
                                + " as an explicit choice).");
            }
        }
        if (strategy == ClickHouseUpsertStrategy.MUTATIONS) {
            return mutations(table, where, engine, rowType, primaryKey, ignoreDelete);
        }
        if (strategy == ClickHouseUpsertStrategy.APPEND) {
            return append(
                    table,
                    engine.full(),
                    where + " is written with '" + strategyKey + "' = 'append': INSERT rows only.");
        }
        String expectedEngine =
                switch (strategy) {
                    case REPLACING -> "ReplacingMergeTree";
                    case COLLAPSING -> "CollapsingMergeTree";
                    default -> "VersionedCollapsingMergeTree";
                };
        if (!engine.name().equals(expectedEngine)) {
            throw new ValidationException(
                    where
                            + ": '"
                            + strategyKey
                            + "' = '"
                            + optionValue(strategy)
                            + "' needs a "
                            + expectedEngine
                            + " table, not "
                            + engine.name()
                            + ".");
        }
        List<String> names = rowType.getFieldNames();
        int[] keyPositions = new int[primaryKey.size()];
        for (int i = 0; i < keyPositions.length; i++) {
            keyPositions[i] = names.indexOf(primaryKey.get(i));
        }
        if (engine.sortingKey() != null
                && !new HashSet<>(engine.sortingKey()).equals(new HashSet<>(primaryKey))) {
            throw new ValidationException(
                    where
                            + ": the PRIMARY KEY "
                            + primaryKey
                            + " must be the table's ORDER BY columns "
                            + engine.sortingKey()
                            + " ("
                            + engine.name()
                            + " replaces and collapses rows by sorting key).");
        }
        List<String> params = engine.parameters();
        String sign = null;
        String generatedVersion = null;
        String isDeleted = null;
        boolean hasVersion;
        String deleteRefusal = null;
        if (strategy == ClickHouseUpsertStrategy.REPLACING) {
            String version = params.isEmpty() ? null : params.get(0);
            hasVersion = version != null;
            if (version != null && !names.contains(version)) {
                String type = typeOf(columns, version, where);
                if (!type.equals("UInt64") && !type.equals("Int64")) {
                    throw new ValidationException(
                            where
                                    + ": the version column '"
                                    + version
                                    + "' ("
                                    + type
                                    + ") is not in the DDL; the sink fills a missing version"
                                    + " column only when it is UInt64 or Int64 (microseconds);"
                                    + " add it to the DDL to give the versions yourself.");
                }
                generatedVersion = version;
            }
            if (params.size() >= 2) {
                isDeleted = params.get(1);
                if (names.contains(isDeleted)) {
                    throw new ValidationException(
                            where
                                    + ": the is_deleted column '"
                                    + isDeleted
                                    + "' is written by the sink (1 for DELETE rows); leave it out"
                                    + " of the DDL.");
                }
                requireType(columns, isDeleted, "UInt8", where);
            } else {
                deleteRefusal =
                        where
                                + " cannot apply DELETE rows (nor UPDATE_BEFORE rows, which Flink"
                                + " sends to an upsert sink when a filter over an aggregate"
                                + " retracts a key): its ReplacingMergeTree has no"
                                + " is_deleted parameter (servers before 23.2 have none). Set"
                                + " 'sink.ignore-delete' = 'true' to drop them (deleted keys"
                                + " then keep their last row), or write to a"
                                + " CollapsingMergeTree table.";
            }
        } else {
            if (params.isEmpty()) {
                throw new ValidationException(where + ": the engine names no sign column.");
            }
            sign = params.get(0);
            if (names.contains(sign)) {
                throw new ValidationException(
                        where
                                + ": the sign column '"
                                + sign
                                + "' is written by the sink (+1 and -1); leave it out of the"
                                + " DDL.");
            }
            requireType(columns, sign, "Int8", where);
            hasVersion = strategy == ClickHouseUpsertStrategy.VERSIONED_COLLAPSING;
            if (hasVersion) {
                if (params.size() < 2) {
                    throw new ValidationException(where + ": the engine names no version column.");
                }
                if (!names.contains(params.get(1))) {
                    throw new ValidationException(
                            where
                                    + ": the version column '"
                                    + params.get(1)
                                    + "' must be in the DDL: a -1 row cancels the +1 row of its"
                                    + " own version, so the version must come with the row.");
                }
            }
        }
        return new ClickHouseChangelogPlan(
                strategy,
                table,
                engine.full(),
                primaryKey,
                keyPositions,
                sign,
                generatedVersion,
                isDeleted,
                hasVersion,
                ignoreDelete,
                null,
                deleteRefusal);
    }

    /** {@code mutations}: any MergeTree table; a batch's keys deleted, then its rows inserted. */
    private static ClickHouseChangelogPlan mutations(
            String table,
            String where,
            ClickHouseEngine engine,
            RowType rowType,
            List<String> primaryKey,
            boolean ignoreDelete) {
        if (!engine.name().endsWith("MergeTree")) {
            throw new ValidationException(
                    where
                            + ": '"
                            + ClickHouseConnectorOptions.SINK_UPSERT_STRATEGY.key()
                            + "' = 'mutations' needs a MergeTree-family table (ALTER TABLE ..."
                            + " DELETE), not "
                            + engine.name()
                            + (engine.name().equals("Distributed")
                                    ? "; set 'sink.write-local' = 'true' to apply them to the"
                                            + " shards' local tables"
                                    : "")
                            + ".");
        }
        List<String> names = rowType.getFieldNames();
        int[] keyPositions = new int[primaryKey.size()];
        for (int i = 0; i < keyPositions.length; i++) {
            keyPositions[i] = names.indexOf(primaryKey.get(i));
        }
        return new ClickHouseChangelogPlan(
                ClickHouseUpsertStrategy.MUTATIONS,
                table,
                engine.full(),
                primaryKey,
                keyPositions,
                null,
                null,
                null,
                false,
                ignoreDelete,
                null,
                null);
    }

    private static String optionValue(ClickHouseUpsertStrategy strategy) {
        return strategy.toString();
    }

    private static String typeOf(List<ClickHouseColumn> columns, String name, String where) {
        Optional<ClickHouseColumn> column =
                columns.stream().filter(c -> c.name().equals(name)).findFirst();
        if (column.isEmpty()) {
            throw new ValidationException(
                    where + ": the engine's column '" + name + "' is missing.");
        }
        return column.get().type();
    }

    private static void requireType(
            List<ClickHouseColumn> columns, String name, String type, String where) {
        String actual = typeOf(columns, name, where);
        if (!actual.equals(type)) {
            throw new ValidationException(
                    where
                            + ": the sink writes column '"
                            + name
                            + "' as "
                            + type
                            + ", but it is "
                            + actual
                            + ".");
        }
    }

    /**
     * The changelog the sink takes for a query producing {@code requested}.
     *
     * @throws ValidationException when the query updates or deletes and the plan cannot apply it
     */
    ChangelogMode changelogMode(ChangelogMode requested) {
        boolean updates =
                requested.contains(RowKind.UPDATE_AFTER)
                        || requested.contains(RowKind.UPDATE_BEFORE);
        boolean deletes = requested.contains(RowKind.DELETE);
        switch (strategy) {
            case APPEND:
                if (updates || deletes) {
                    throw new ValidationException(updateRefusal);
                }
                return ChangelogMode.insertOnly();
            case REPLACING:
                if (deletes && deleteRefusal != null && !ignoreDelete) {
                    throw new ValidationException(deleteRefusal);
                }
                return ChangelogMode.upsert();
            case MUTATIONS:
                return ChangelogMode.upsert();
            default:
                return ChangelogMode.all();
        }
    }

    ClickHouseUpsertStrategy strategy() {
        return strategy;
    }

    boolean keyed() {
        return strategy != ClickHouseUpsertStrategy.APPEND;
    }

    boolean collapsing() {
        return signColumn != null;
    }

    /** Rows applied as "delete the batch's keys, then insert its rows" ({@code mutations}). */
    boolean mutations() {
        return strategy == ClickHouseUpsertStrategy.MUTATIONS;
    }

    boolean ignoreDelete() {
        return ignoreDelete;
    }

    /** The engine keeps the highest version: the changes of a key may reach it in any order. */
    boolean versioned() {
        return hasVersion;
    }

    /** Why a DELETE row cannot be applied, or null when it can. */
    @Nullable
    String deleteRefusal() {
        return deleteRefusal;
    }

    /** The Flink positions of the PRIMARY KEY's columns. */
    int[] keyPositions() {
        return keyPositions;
    }

    List<String> keyColumns() {
        return keyColumns;
    }

    @Nullable
    String generatedVersionColumn() {
        return generatedVersionColumn;
    }

    @Nullable
    String isDeletedColumn() {
        return isDeletedColumn;
    }

    @Nullable
    String signColumn() {
        return signColumn;
    }

    /**
     * The columns the sink writes after the row's own, in this order: version, is_deleted, sign.
     */
    List<String> sinkColumns() {
        List<String> out = new ArrayList<>();
        if (generatedVersionColumn != null) {
            out.add(generatedVersionColumn);
        }
        if (isDeletedColumn != null) {
            out.add(isDeletedColumn);
        }
        if (signColumn != null) {
            out.add(signColumn);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseChangelogPlan that
                && strategy == that.strategy
                && table.equals(that.table)
                && engine.equals(that.engine)
                && keyColumns.equals(that.keyColumns)
                && Objects.equals(signColumn, that.signColumn)
                && Objects.equals(generatedVersionColumn, that.generatedVersionColumn)
                && Objects.equals(isDeletedColumn, that.isDeletedColumn)
                && hasVersion == that.hasVersion
                && ignoreDelete == that.ignoreDelete;
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, table, engine, keyColumns, signColumn, ignoreDelete);
    }

    @Override
    public String toString() {
        return optionValue(strategy) + (keyColumns.isEmpty() ? "" : " by " + keyColumns);
    }
}
