package dev.flinkext.connector.kudu.sink;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.client.KuduTables;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduSinkOptions;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMappingResolver;
import dev.flinkext.sink.writer.BufferedSink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.kudu.Schema;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduTable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink Sink V2 writing an upsert changelog of {@link RowData} into a Kudu table: INSERT and
 * UPDATE_AFTER become UPSERTs, DELETE a DELETE; an UPDATE_BEFORE is replaced in the buffer by the
 * UPDATE_AFTER that follows it, or deletes its row when none follows (see {@link
 * KuduRowConverter}). Built on sink-core's buffered writer (batches by rows, bytes and time,
 * confirmed at every checkpoint, capped retries of transient errors in per-key order, the last
 * change per key wins in the buffer) over {@link KuduBatchWriter} (a MANUAL_FLUSH session per batch
 * in flight, every row error read). Usable from DataStream without SQL:
 *
 * <pre>{@code
 * KuduSink sink = KuduSink.builder()
 *     .connection(KuduConnectionOptions.builder("kudu-master:7051").build())
 *     .tableName("metrics")
 *     .rowType(rowType, List.of("id"))   // checked against the Kudu table's schema here
 *     .options(KuduSinkOptions.builder().bufferFlushMaxRows(500).build())
 *     .build();
 * rows.sinkTo(sink);
 * }</pre>
 *
 * <p>{@link Builder#build()} reads the table's schema and checks the row type against it (column
 * names, types that can hold the Kudu columns, the primary key), so errors surface when the job is
 * built, not when it runs. Each writer takes a lease on its task manager's shared {@link
 * KuduClient} of the same connection options.
 */
public final class KuduSink implements Sink<RowData> {

    private static final long serialVersionUID = 1L;

    private final KuduConnectionOptions connection;
    private final KuduSinkOptions options;
    private final KuduTableMapping mapping;

    private KuduSink(
            KuduConnectionOptions connection, KuduSinkOptions options, KuduTableMapping mapping) {
        this.connection = connection;
        this.options = options;
        this.mapping = mapping;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
        String name =
                "Kudu table '"
                        + mapping.tableName()
                        + "' on masters "
                        + connection.masterAddresses();
        SharedResources.Lease<KuduClient> client = KuduClients.acquire(connection);
        try {
            KuduTable table;
            try {
                table = KuduTables.open(client.get(), connection, mapping.tableName());
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
            Map<ByteBuffer, KuduWrite> buffered = new ConcurrentHashMap<>();
            KuduRowConverter converter = new KuduRowConverter(table.getSchema(), mapping, buffered);
            long timeoutMillis = connection.operationTimeout().toMillis();
            BufferedSink<RowData, KuduWrite> sink =
                    new BufferedSink<>(
                            name,
                            options.writer(),
                            converter,
                            KuduEntryTraits.INSTANCE,
                            (ctx, writerOptions) ->
                                    new KuduBatchWriter(
                                            client,
                                            table,
                                            name,
                                            options,
                                            timeoutMillis,
                                            writerOptions.maxInFlightBatches(),
                                            buffered));
            return sink.createWriter(context);
        } catch (IOException | RuntimeException e) {
            try {
                client.close(); // a no-op when the batch writer closed it already
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public KuduConnectionOptions connection() {
        return connection;
    }

    public KuduSinkOptions options() {
        return options;
    }

    public KuduTableMapping mapping() {
        return mapping;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KuduSink that
                && connection.equals(that.connection)
                && options.equals(that.options)
                && mapping.equals(that.mapping);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, options, mapping);
    }

    @Override
    public String toString() {
        return "KuduSink{" + mapping.tableName() + " on " + connection.masterAddresses() + '}';
    }

    /**
     * Builds a {@link KuduSink}: connection, table name and either the row type with its primary
     * key or a mapping resolved before (as the SQL factory does).
     */
    public static final class Builder {
        private KuduConnectionOptions connection;
        private String tableName;
        private KuduSinkOptions options = KuduSinkOptions.builder().build();
        private RowType rowType;
        private List<String> primaryKey;
        private KuduTableMapping mapping;

        private Builder() {}

        public Builder connection(KuduConnectionOptions connection) {
            this.connection = connection;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder options(KuduSinkOptions options) {
            this.options = options;
            return this;
        }

        /**
         * The rows' type (names as Kudu's columns, a subset of them) and their primary key, which
         * must be the Kudu table's.
         */
        public Builder rowType(RowType rowType, List<String> primaryKey) {
            this.rowType = rowType;
            this.primaryKey = List.copyOf(primaryKey);
            return this;
        }

        /** A mapping checked before (the SQL factory's); skips reading the schema again. */
        public Builder mapping(KuduTableMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /**
         * @throws org.apache.flink.table.api.ValidationException when the table is missing or the
         *     row type does not fit it, naming table, masters, column and both types
         */
        public KuduSink build() {
            Objects.requireNonNull(connection, "connection options are required");
            Objects.requireNonNull(options, "sink options are required");
            KuduTableMapping resolved = mapping;
            if (resolved == null) {
                Objects.requireNonNull(tableName, "a table name is required");
                Objects.requireNonNull(rowType, "a row type (or a mapping) is required");
                Schema schema = KuduTables.schemaOf(connection, tableName);
                List<LogicalType> types =
                        rowType.getFields().stream().map(RowType.RowField::getType).toList();
                resolved =
                        KuduTableMappingResolver.resolve(
                                tableName,
                                connection.masterAddresses(),
                                rowType.getFieldNames(),
                                types,
                                primaryKey,
                                schema,
                                true);
            } else if (tableName != null && !tableName.equals(resolved.tableName())) {
                throw new IllegalArgumentException(
                        "Table name '"
                                + tableName
                                + "' differs from the mapping's '"
                                + resolved.tableName()
                                + "'");
            }
            return new KuduSink(connection, options, resolved);
        }
    }
}
