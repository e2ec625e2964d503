package dev.flinkext.connector.redis.mapping;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

/** Reads a numeric column as a Redis increment or score: integral as long, others as double. */
public final class NumericField {

    private final int position;
    private final boolean integral;
    private final RowData.FieldGetter getter;

    public NumericField(LogicalType type, int position) {
        if (!type.is(LogicalTypeFamily.NUMERIC)) {
            throw new IllegalArgumentException("Not numeric: " + type.asSummaryString());
        }
        this.position = position;
        this.integral = type.is(LogicalTypeFamily.INTEGER_NUMERIC);
        this.getter = RowData.createFieldGetter(type, position);
    }

    /** Whether INCRBY (long) fits; otherwise INCRBYFLOAT (double). */
    public boolean isIntegral() {
        return integral;
    }

    public boolean isNull(RowData row) {
        return row.isNullAt(position);
    }

    /** The value of an integral column. */
    public long longValue(RowData row) {
        return ((Number) getter.getFieldOrNull(row)).longValue();
    }

    /** The value of any numeric column as a double. */
    public double doubleValue(RowData row) {
        Object value = getter.getFieldOrNull(row);
        if (value instanceof DecimalData) {
            return ((DecimalData) value).toBigDecimal().doubleValue();
        }
        return ((Number) value).doubleValue();
    }
}
