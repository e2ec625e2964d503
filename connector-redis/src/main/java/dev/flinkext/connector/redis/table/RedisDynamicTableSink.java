package dev.flinkext.connector.redis.table;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.sink.RedisCommandMappers;
import dev.flinkext.connector.redis.sink.RedisSink;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import java.util.Objects;

/**
 * The SQL face of {@link RedisSink}: picks the changelog the data type can apply and builds the
 * command mapper. STRING and HASH take upserts; PUBLISH takes inserts only; the others take every
 * row kind, because they need UPDATE_BEFORE to remove or subtract the old value.
 */
public final class RedisDynamicTableSink implements DynamicTableSink {

    private final RedisConnectionOptions connection;
    private final RedisSinkOptions sinkOptions;
    private final RedisTableMapping mapping;
    private final EncodingFormat<SerializationSchema<RowData>> valueFormat;
    private final DataType physicalRowType;

    public RedisDynamicTableSink(
            RedisConnectionOptions connection,
            RedisSinkOptions sinkOptions,
            RedisTableMapping mapping,
            EncodingFormat<SerializationSchema<RowData>> valueFormat,
            DataType physicalRowType) {
        this.connection = connection;
        this.sinkOptions = sinkOptions;
        this.mapping = mapping;
        this.valueFormat = valueFormat;
        this.physicalRowType = physicalRowType;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        RedisDataType type = mapping.dataType();
        if (type == RedisDataType.PUBLISH) {
            return ChangelogMode.insertOnly();
        }
        if (type.isUpsert()) {
            return ChangelogMode.upsert();
        }
        // LIST, SET, SORTED_SET, counters: UPDATE_BEFORE removes or subtracts the old value
        return ChangelogMode.all();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        SerializationSchema<RowData> serializer = null;
        if (mapping.usesValueFormat()) {
            DataType formatted =
                    Projection.of(mapping.valueFormatPositions()).project(physicalRowType);
            serializer = valueFormat.createRuntimeEncoder(context, formatted);
        }
        RedisSink sink =
                RedisSink.builder()
                        .connection(connection)
                        .options(sinkOptions)
                        .mapper(RedisCommandMappers.forMapping(mapping, serializer))
                        .build();
        return sinkOptions.parallelism().isPresent()
                ? SinkV2Provider.of(sink, sinkOptions.parallelism().get())
                : SinkV2Provider.of(sink);
    }

    @Override
    public DynamicTableSink copy() {
        return new RedisDynamicTableSink(
                connection, sinkOptions, mapping, valueFormat, physicalRowType);
    }

    @Override
    public String asSummaryString() {
        return "Redis(" + mapping.dataType() + " on " + connection.describeAddresses() + ")";
    }

    public RedisTableMapping mapping() {
        return mapping;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisDynamicTableSink)) {
            return false;
        }
        RedisDynamicTableSink that = (RedisDynamicTableSink) o;
        return connection.equals(that.connection)
                && sinkOptions.equals(that.sinkOptions)
                && Objects.equals(valueFormat, that.valueFormat)
                && physicalRowType.equals(that.physicalRowType)
                && mapping.equals(that.mapping);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, sinkOptions, mapping, physicalRowType);
    }
}
