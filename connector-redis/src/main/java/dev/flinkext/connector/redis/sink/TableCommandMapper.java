package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.mapping.RedisKeyEncoder;
import dev.flinkext.connector.redis.mapping.RowValueEncoder;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

/**
 * Base of the mappers driven by a {@link RedisTableMapping}: builds the key and value encoders once
 * in {@link #open}.
 */
abstract class TableCommandMapper implements RedisCommandMapper {

    private static final long serialVersionUID = 1L;

    protected final RedisTableMapping mapping;
    private final SerializationSchema<RowData> valueFormat;

    protected transient RedisKeyEncoder keys;
    private transient RowValueEncoder values;

    TableCommandMapper(RedisTableMapping mapping, SerializationSchema<RowData> valueFormat) {
        this.mapping = mapping;
        this.valueFormat = valueFormat;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context) throws Exception {
        if (valueFormat != null) {
            valueFormat.open(context);
        }
        keys = new RedisKeyEncoder(mapping);
        if (mapping.usesValueFormat() || mapping.valuePosition() >= 0) {
            values = RowValueEncoder.of(mapping, valueFormat);
        }
        openFields();
    }

    /** Subclasses build their extra field readers here. */
    void openFields() {}

    /** INSERT and UPDATE_AFTER add; DELETE and UPDATE_BEFORE take away. */
    static boolean adds(RowData row) {
        RowKind kind = row.getRowKind();
        return kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER;
    }

    /** The value, or null when its column is null. */
    byte[] value(RowData row) {
        return values.encode(row);
    }

    /** The value; a null value column fails, naming the column and key. */
    byte[] requiredValue(RowData row, byte[] key) {
        byte[] value = values.encode(row);
        if (value == null) {
            throw new IllegalArgumentException(
                    "Column '"
                            + mapping.columnName(mapping.valuePosition())
                            + "' is null for Redis key '"
                            + new String(key, java.nio.charset.StandardCharsets.UTF_8)
                            + "' ("
                            + mapping.dataType()
                            + " cannot hold a null member/value).");
        }
        return value;
    }
}
