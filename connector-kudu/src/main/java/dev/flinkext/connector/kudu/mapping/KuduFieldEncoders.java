package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * Chooses each column's {@link KuduFieldEncoder} (Flink → Kudu), once per column. The value checks
 * and conversions are {@link KuduValues}', which the scan's pushed predicates use too.
 */
public final class KuduFieldEncoders {

    private KuduFieldEncoders() {}

    /**
     * @param column the mapping checked at planning time
     * @param kuduIndex the column's index in the Kudu table's schema, as opened on the task manager
     */
    public static KuduFieldEncoder create(KuduColumnMapping column, int kuduIndex) {
        KuduFieldEncoder value = valueEncoder(column, column.position(), kuduIndex);
        int pos = column.position();
        String name = column.name();
        if (column.kuduNullable()) {
            return (row, out) -> {
                if (row.isNullAt(pos)) {
                    out.setNull(kuduIndex);
                    return 1;
                }
                return value.encode(row, out);
            };
        }
        return (row, out) -> {
            if (row.isNullAt(pos)) {
                throw new IllegalArgumentException(
                        "NULL for column '"
                                + name
                                + "', which is "
                                + column.describeKuduType()
                                + " in Kudu");
            }
            return value.encode(row, out);
        };
    }

    private static KuduFieldEncoder valueEncoder(KuduColumnMapping column, int pos, int idx) {
        LogicalType flink = column.flinkType();
        String name = column.name();
        return switch (column.kuduType()) {
            case INT8 -> {
                LongGetter get = integerGetter(flink.getTypeRoot(), pos);
                yield (row, out) -> {
                    out.addByte(idx, (byte) KuduValues.checkRange(column, get.get(row)));
                    return 1;
                };
            }
            case INT16 -> {
                LongGetter get = integerGetter(flink.getTypeRoot(), pos);
                yield (row, out) -> {
                    out.addShort(idx, (short) KuduValues.checkRange(column, get.get(row)));
                    return 2;
                };
            }
            case INT32 -> {
                LongGetter get = integerGetter(flink.getTypeRoot(), pos);
                yield (row, out) -> {
                    out.addInt(idx, (int) KuduValues.checkRange(column, get.get(row)));
                    return 4;
                };
            }
            case INT64 ->
                    (row, out) -> {
                        out.addLong(idx, row.getLong(pos));
                        return 8;
                    };
            case BOOL ->
                    (row, out) -> {
                        out.addBoolean(idx, row.getBoolean(pos));
                        return 1;
                    };
            case FLOAT ->
                    (row, out) -> {
                        out.addFloat(idx, row.getFloat(pos));
                        return 4;
                    };
            case DOUBLE ->
                    (row, out) -> {
                        out.addDouble(idx, row.getDouble(pos));
                        return 8;
                    };
            case DECIMAL -> {
                DecimalType type = (DecimalType) flink;
                int precision = type.getPrecision();
                int scale = type.getScale();
                yield (row, out) -> {
                    DecimalData value = row.getDecimal(pos, precision, scale);
                    out.addDecimal(idx, KuduValues.checkDecimal(column, value.toBigDecimal()));
                    return 16;
                };
            }
            case STRING ->
                    (row, out) -> {
                        byte[] utf8 = row.getString(pos).toBytes();
                        out.addStringUtf8(idx, utf8);
                        return utf8.length;
                    };
            case VARCHAR ->
                    (row, out) -> {
                        String value =
                                KuduValues.checkVarchar(column, row.getString(pos).toString());
                        out.addVarchar(idx, value);
                        return value.length();
                    };
            case BINARY ->
                    (row, out) -> {
                        byte[] bytes =
                                row.getBinary(pos).clone(); // Flink may reuse the row's array
                        out.addBinary(idx, bytes);
                        return bytes.length;
                    };
            case DATE ->
                    (row, out) -> {
                        int days = row.getInt(pos);
                        out.addDate(idx, KuduValues.toSqlDate(name, days));
                        return 4;
                    };
            case UNIXTIME_MICROS -> {
                int precision = timestampPrecision(flink);
                yield (row, out) -> {
                    out.addLong(idx, KuduValues.toMicros(name, row.getTimestamp(pos, precision)));
                    return 8;
                };
            }
            default ->
                    throw new IllegalArgumentException(
                            "Kudu type "
                                    + column.kuduType()
                                    + " of column '"
                                    + name
                                    + "' is not mapped");
        };
    }

    /** Reads a Flink integer column as a long; the getter is chosen by the DDL's type. */
    @FunctionalInterface
    interface LongGetter {
        long get(RowData row);
    }

    static LongGetter integerGetter(LogicalTypeRoot root, int pos) {
        return switch (root) {
            case TINYINT -> row -> row.getByte(pos);
            case SMALLINT -> row -> row.getShort(pos);
            case INTEGER -> row -> row.getInt(pos);
            case BIGINT -> row -> row.getLong(pos);
            default -> throw new IllegalArgumentException(root + " is not an integer type");
        };
    }

    public static int timestampPrecision(LogicalType type) {
        if (type instanceof TimestampType timestamp) {
            return timestamp.getPrecision();
        }
        return ((LocalZonedTimestampType) type).getPrecision();
    }
}
