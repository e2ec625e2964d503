package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;

/** The command mapper of each {@link dev.flinkext.connector.redis.config.RedisDataType}. */
public final class RedisCommandMappers {

    private RedisCommandMappers() {}

    /**
     * The mapper for {@code mapping}'s data type.
     *
     * @param valueFormat the value format's serializer (not yet opened) when the mapping uses one,
     *     else null
     */
    public static RedisCommandMapper forMapping(
            RedisTableMapping mapping, SerializationSchema<RowData> valueFormat) {
        switch (mapping.dataType()) {
            case STRING:
                return new StringCommandMapper(mapping, valueFormat);
            case HASH:
                return new HashCommandMapper(mapping);
            case LIST:
                return new ListCommandMapper(mapping, valueFormat);
            case SET:
                return new SetCommandMapper(mapping, valueFormat);
            case SORTED_SET:
                return new SortedSetCommandMapper(mapping, valueFormat);
            case COUNTER:
                return new CounterCommandMapper(mapping);
            case HASH_COUNTER:
                return new HashCounterCommandMapper(mapping);
            case PUBLISH:
                return new PublishCommandMapper(mapping, valueFormat);
            default:
                throw new IllegalArgumentException("Unknown data type " + mapping.dataType());
        }
    }
}
