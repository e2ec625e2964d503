package dev.flinkext.connector.redis.mapping;

import dev.flinkext.connector.redis.config.RedisTableMapping;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;

/**
 * A row's Redis value: the text of its value column, or the row (its {@code value.format} columns)
 * encoded by the format's serializer.
 */
public final class RowValueEncoder {

    private final int valuePosition;
    private final FieldText.Encoder column;
    private final SerializationSchema<RowData> format;
    private final ProjectedRowData projection;

    private RowValueEncoder(
            int valuePosition,
            FieldText.Encoder column,
            SerializationSchema<RowData> format,
            ProjectedRowData projection) {
        this.valuePosition = valuePosition;
        this.column = column;
        this.format = format;
        this.projection = projection;
    }

    /**
     * The encoder of {@code mapping}'s value; {@code format} is the opened serializer when the
     * mapping {@link RedisTableMapping#usesValueFormat() uses a value format}, else ignored.
     */
    public static RowValueEncoder of(
            RedisTableMapping mapping, SerializationSchema<RowData> format) {
        if (mapping.usesValueFormat()) {
            if (format == null) {
                throw new IllegalArgumentException("The mapping needs a value format serializer");
            }
            int[] positions = mapping.valueFormatPositions();
            boolean all = positions.length == mapping.columnNames().size();
            return new RowValueEncoder(
                    -1, null, format, all ? null : ProjectedRowData.from(positions));
        }
        int position = mapping.valuePosition();
        return new RowValueEncoder(
                position,
                FieldText.encoder(mapping.columnTypes().get(position), position),
                null,
                null);
    }

    /** The value bytes, or null when the value column is null. */
    public byte[] encode(RowData row) {
        if (format != null) {
            return format.serialize(projection == null ? row : projection.replaceRow(row));
        }
        return row.isNullAt(valuePosition) ? null : column.encode(row);
    }
}
