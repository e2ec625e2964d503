package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import org.apache.kudu.client.RowResult;

/** Chooses each column's {@link KuduFieldDecoder} (Kudu → Flink), once per column. */
public final class KuduFieldDecoders {

    private KuduFieldDecoders() {}

    /**
     * @param column the mapping checked at planning time
     * @param index the column's index in the rows read (the scan's projection)
     */
    public static KuduFieldDecoder create(KuduColumnMapping column, int index) {
        KuduFieldDecoder value = valueDecoder(column, index);
        if (!column.kuduNullable()) {
            return value;
        }
        return row -> row.isNull(index) ? null : value.decode(row);
    }

    private static KuduFieldDecoder valueDecoder(KuduColumnMapping column, int idx) {
        LogicalTypeRoot root = column.flinkType().getTypeRoot();
        return switch (column.kuduType()) {
            case INT8 -> widen(root, row -> row.getByte(idx));
            case INT16 -> widen(root, row -> row.getShort(idx));
            case INT32 -> widen(root, row -> row.getInt(idx));
            case INT64 -> row -> row.getLong(idx);
            case BOOL -> row -> row.getBoolean(idx);
            case FLOAT -> row -> row.getFloat(idx);
            case DOUBLE -> row -> row.getDouble(idx);
            case DECIMAL -> {
                DecimalType type = (DecimalType) column.flinkType();
                int precision = type.getPrecision();
                int scale = type.getScale();
                yield row -> DecimalData.fromBigDecimal(row.getDecimal(idx), precision, scale);
            }
            // Kudu's UTF-8 bytes as they are: no decoding to a String and encoding again
            case STRING, VARCHAR -> row -> StringData.fromBytes(row.getBinaryCopy(idx));
            case BINARY -> row -> row.getBinaryCopy(idx);
            case DATE -> row -> row.getInt(idx); // days since the epoch, as Kudu stores them
            case UNIXTIME_MICROS -> row -> fromMicros(row.getLong(idx));
            default ->
                    throw new IllegalArgumentException(
                            "Kudu type "
                                    + column.kuduType()
                                    + " of column '"
                                    + column.name()
                                    + "' is not mapped");
        };
    }

    @FunctionalInterface
    private interface LongReader {
        long read(RowResult row);
    }

    /** A Kudu integer as the (possibly wider) Flink integer type's boxed value. */
    private static KuduFieldDecoder widen(LogicalTypeRoot root, LongReader read) {
        return switch (root) {
            case TINYINT -> row -> (byte) read.read(row);
            case SMALLINT -> row -> (short) read.read(row);
            case INTEGER -> row -> (int) read.read(row);
            case BIGINT -> read::read;
            default -> throw new IllegalArgumentException(root + " is not an integer type");
        };
    }

    /** A TIMESTAMP (UTC wall clock) or TIMESTAMP_LTZ of Kudu's microseconds since the epoch. */
    static TimestampData fromMicros(long micros) {
        return TimestampData.fromEpochMillis(
                Math.floorDiv(micros, 1000L), (int) Math.floorMod(micros, 1000L) * 1000);
    }
}
