package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Basic;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.DateTime;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.DateTime64;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Decimal;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.EnumValue;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.FixedString;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.LowCardinality;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Nested;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Nullable;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Tuple;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the {@link FieldWriter} of a (Flink type, ClickHouse type) pair, once per column. The
 * mapping (also in connector-clickhouse/README.md):
 *
 * <table>
 *   <caption>Flink types each ClickHouse type is written from</caption>
 *   <tr><th>ClickHouse</th><th>Flink</th><th>checked per row</th></tr>
 *   <tr><td>Int8 / Int16 / Int32 / Int64</td><td>TINYINT..BIGINT no wider than the column</td>
 *       <td>-</td></tr>
 *   <tr><td>UInt8 / UInt16 / UInt32 / UInt64</td><td>TINYINT, SMALLINT, INT, BIGINT (UInt8 also
 *       BOOLEAN, UInt64 also DECIMAL(p, 0), p &lt;= 20)</td><td>0 .. the column's max</td></tr>
 *   <tr><td>Int128/256, UInt128/256</td><td>DECIMAL(p, 0)</td><td>unsigned: not negative</td></tr>
 *   <tr><td>Float32</td><td>FLOAT</td><td>-</td></tr>
 *   <tr><td>Float64</td><td>DOUBLE, FLOAT</td><td>-</td></tr>
 *   <tr><td>Decimal(P, S)</td><td>DECIMAL(p, S), p &lt;= P (same scale)</td><td>-</td></tr>
 *   <tr><td>String</td><td>CHAR, VARCHAR, STRING (UTF-8), BINARY, VARBINARY, BYTES</td>
 *       <td>-</td></tr>
 *   <tr><td>FixedString(N)</td><td>BINARY, VARBINARY, BYTES; CHAR, VARCHAR, STRING (UTF-8);
 *       zero-padded</td><td>at most N bytes</td></tr>
 *   <tr><td>Date</td><td>DATE (days as UInt16)</td><td>1970-01-01 .. 2149-06-06</td></tr>
 *   <tr><td>Date32</td><td>DATE (days as Int32)</td><td>1900-01-01 .. 2299-12-31</td></tr>
 *   <tr><td>DateTime[(tz)]</td><td>TIMESTAMP_LTZ (the instant); TIMESTAMP (wall clock in the
 *       column's zone, else the server's); seconds floored</td><td>1970 .. 2106</td></tr>
 *   <tr><td>DateTime64(p[, tz])</td><td>TIMESTAMP_LTZ, TIMESTAMP (as DateTime); ticks of
 *       10^-p s, floored</td><td>Int64 overflow</td></tr>
 *   <tr><td>Nullable(T)</td><td>what T takes; NULL as the flag</td><td>-</td></tr>
 *   <tr><td>T not Nullable</td><td>a nullable Flink type is accepted</td><td>NULL refused</td></tr>
 *   <tr><td>LowCardinality(T)</td><td>what T takes (RowBinary writes T)</td><td>-</td></tr>
 *   <tr><td>Array(T)</td><td>ARRAY of what T takes</td><td>-</td></tr>
 *   <tr><td>Map(K, V)</td><td>MAP of what K and V take</td><td>-</td></tr>
 *   <tr><td>Tuple(T1..Tn), Nested</td><td>ROW of n fields (by position); Nested: ARRAY of
 *       ROW</td><td>-</td></tr>
 *   <tr><td>UUID</td><td>CHAR, VARCHAR, STRING (canonical 8-4-4-4-12 form), BINARY(16), VARBINARY,
 *       BYTES (16 bytes, big-endian)</td><td>the form, 16 bytes</td></tr>
 *   <tr><td>Bool</td><td>BOOLEAN</td><td>-</td></tr>
 *   <tr><td>Enum8 / Enum16</td><td>CHAR, VARCHAR, STRING (by name); TINYINT, SMALLINT, INT (by
 *       value)</td><td>a defined name or value</td></tr>
 * </table>
 */
public final class FieldWriters {

    /** 2149-06-06, the last day of Date (UInt16 days). */
    static final long DATE_MAX_DAY = 65535;

    static final long DATE32_MIN_DAY = LocalDate.of(1900, 1, 1).toEpochDay();
    static final long DATE32_MAX_DAY = LocalDate.of(2299, 12, 31).toEpochDay();

    static final long UINT32_MAX = 0xFFFF_FFFFL;

    private FieldWriters() {}

    /** A Flink type that cannot be written to a ClickHouse type, and why. */
    public static final class IncompatibleTypeException extends Exception {
        private static final long serialVersionUID = 1L;

        IncompatibleTypeException(String message) {
            super(message);
        }
    }

    /**
     * The writer of values of Flink type {@code flink} into ClickHouse type {@code clickHouse}.
     *
     * @param column names the column in runtime errors
     * @param serverZone the zone of a {@code DateTime} without one (the server's time zone)
     * @throws IncompatibleTypeException when the Flink type cannot be written to that type
     */
    public static FieldWriter create(
            String column, LogicalType flink, ClickHouseType clickHouse, ZoneId serverZone)
            throws IncompatibleTypeException {
        ClickHouseType type = clickHouse;
        if (type instanceof LowCardinality low) {
            type = low.inner(); // RowBinary carries LowCardinality(T) as T
        }
        if (type instanceof Nullable nullable) {
            ClickHouseType inner = nullable.inner();
            if (inner instanceof LowCardinality low) {
                inner = low.inner();
            }
            return new NullableWriter(column, valueWriter(column, flink, inner, serverZone));
        }
        FieldWriter value = valueWriter(column, flink, type, serverZone);
        return flink.isNullable() ? new NotNullWriter(column, clickHouse, value) : value;
    }

    private static FieldWriter valueWriter(
            String column, LogicalType flink, ClickHouseType type, ZoneId serverZone)
            throws IncompatibleTypeException {
        LogicalTypeRoot root = flink.getTypeRoot();
        if (type instanceof Basic basic) {
            switch (basic.primitive()) {
                case Int8:
                    return signed(column, flink, type, 1);
                case Int16:
                    return signed(column, flink, type, 2);
                case Int32:
                    return signed(column, flink, type, 4);
                case Int64:
                    return signed(column, flink, type, 8);
                case UInt8:
                    if (root == LogicalTypeRoot.BOOLEAN) {
                        return new Int8Writer(column, LongReader.BOOLEAN, 0, 1, false);
                    }
                    return new Int8Writer(column, integerReader(flink, type), 0, 255, true);
                case UInt16:
                    return new Int16Writer(column, integerReader(flink, type), 0, 65535, true);
                case UInt32:
                    return new Int32Writer(column, integerReader(flink, type), 0, UINT32_MAX, true);
                case UInt64:
                    if (root == LogicalTypeRoot.DECIMAL) {
                        DecimalType decimal = (DecimalType) flink;
                        if (decimal.getScale() != 0 || decimal.getPrecision() > 20) {
                            throw incompatible(flink, type, "only DECIMAL(p, 0) with p <= 20 fits");
                        }
                        return new WideIntegerWriter(column, decimal, 8, false);
                    }
                    return new Int64Writer(
                            column, integerReader(flink, type), 0, Long.MAX_VALUE, true);
                case Int128:
                case UInt128:
                case Int256:
                case UInt256:
                    {
                        if (root != LogicalTypeRoot.DECIMAL
                                || ((DecimalType) flink).getScale() != 0) {
                            throw incompatible(flink, type, "it takes DECIMAL(p, 0)");
                        }
                        String name = basic.primitive().name();
                        return new WideIntegerWriter(
                                column,
                                (DecimalType) flink,
                                name.endsWith("128") ? 16 : 32,
                                !name.startsWith("U"));
                    }
                case Float32:
                    if (root == LogicalTypeRoot.FLOAT) {
                        return new Float32Writer(column);
                    }
                    throw incompatible(flink, type, "it takes FLOAT");
                case Float64:
                    if (root == LogicalTypeRoot.DOUBLE) {
                        return new Float64Writer(column);
                    }
                    if (root == LogicalTypeRoot.FLOAT) {
                        return new Float64FromFloatWriter(column);
                    }
                    throw incompatible(flink, type, "it takes DOUBLE or FLOAT");
                case String:
                    if (isCharacterString(root)) {
                        return new StringWriter(column);
                    }
                    if (isBinaryString(root)) {
                        return new BytesWriter(column);
                    }
                    throw incompatible(flink, type, "it takes STRING/VARCHAR/CHAR or BYTES");
                case Date:
                    if (root == LogicalTypeRoot.DATE) {
                        return new Int16Writer(column, LongReader.DATE, 0, DATE_MAX_DAY, true);
                    }
                    throw incompatible(flink, type, "it takes DATE");
                case Date32:
                    if (root == LogicalTypeRoot.DATE) {
                        return new Int32Writer(
                                column, LongReader.DATE, DATE32_MIN_DAY, DATE32_MAX_DAY, true);
                    }
                    throw incompatible(flink, type, "it takes DATE");
                case UUID:
                    if (isCharacterString(root)) {
                        return new UuidFromStringWriter(column);
                    }
                    if (isBinaryString(root)) {
                        return new UuidFromBytesWriter(column);
                    }
                    throw incompatible(flink, type, "it takes STRING (8-4-4-4-12) or BYTES (16)");
                case Bool:
                    if (root == LogicalTypeRoot.BOOLEAN) {
                        return new Int8Writer(column, LongReader.BOOLEAN, 0, 1, false);
                    }
                    throw incompatible(flink, type, "it takes BOOLEAN");
                default:
                    throw incompatible(flink, type, "the connector does not write this type yet");
            }
        }
        if (type instanceof FixedString fixed) {
            if (isBinaryString(root)) {
                return new FixedBytesWriter(column, fixed.length());
            }
            if (isCharacterString(root)) {
                return new FixedStringWriter(column, fixed.length());
            }
            throw incompatible(flink, type, "it takes BYTES/BINARY or STRING/VARCHAR/CHAR");
        }
        if (type instanceof Decimal decimal) {
            if (root != LogicalTypeRoot.DECIMAL) {
                throw incompatible(flink, type, "it takes DECIMAL");
            }
            DecimalType source = (DecimalType) flink;
            if (source.getScale() != decimal.scale()
                    || source.getPrecision() > decimal.precision()) {
                throw incompatible(
                        flink,
                        type,
                        "it takes DECIMAL(p, "
                                + decimal.scale()
                                + ") with p <= "
                                + decimal.precision()
                                + " (the same scale)");
            }
            int width = decimalWidth(decimal.precision());
            if (source.getPrecision() > 18) {
                return new WideIntegerWriter(column, source, width, true);
            }
            return width == 4
                    ? new Decimal32Writer(column, source)
                    : new DecimalLongWriter(column, source, width / 8);
        }
        if (type instanceof DateTime dateTime) {
            return new DateTimeWriter(
                    column,
                    timestampReader(flink, type, zone(type, dateTime.timeZone(), serverZone)));
        }
        if (type instanceof DateTime64 dateTime64) {
            return new DateTime64Writer(
                    column,
                    timestampReader(flink, type, zone(type, dateTime64.timeZone(), serverZone)),
                    dateTime64.precision());
        }
        if (type instanceof ClickHouseType.Enum enumType) {
            if (isCharacterString(root)) {
                return new EnumByNameWriter(column, enumType);
            }
            if (root == LogicalTypeRoot.TINYINT
                    || root == LogicalTypeRoot.SMALLINT
                    || root == LogicalTypeRoot.INTEGER) {
                return new EnumByValueWriter(column, integerReader(flink, type), enumType);
            }
            throw incompatible(flink, type, "it takes STRING (names) or TINYINT/SMALLINT/INT");
        }
        if (type instanceof ClickHouseType.Array array) {
            if (root != LogicalTypeRoot.ARRAY) {
                throw incompatible(flink, type, "it takes ARRAY");
            }
            LogicalType element = ((ArrayType) flink).getElementType();
            return new ArrayWriter(
                    column, create(column + "[]", element, array.element(), serverZone));
        }
        if (type instanceof Nested nested) {
            // a Nested column not flattened is Array(Tuple(...)) on the wire
            if (root != LogicalTypeRoot.ARRAY) {
                throw incompatible(flink, type, "it takes ARRAY of ROW");
            }
            LogicalType element = ((ArrayType) flink).getElementType();
            return new ArrayWriter(
                    column,
                    notNull(
                            column + "[]",
                            element,
                            type,
                            tupleWriter(
                                    column + "[]", element, nested.fields(), type, serverZone)));
        }
        if (type instanceof ClickHouseType.Map map) {
            if (root != LogicalTypeRoot.MAP) {
                throw incompatible(flink, type, "it takes MAP");
            }
            MapType mapType = (MapType) flink;
            return new MapWriter(
                    column,
                    create(column + "{key}", mapType.getKeyType(), map.key(), serverZone),
                    create(column + "{value}", mapType.getValueType(), map.value(), serverZone));
        }
        if (type instanceof Tuple tuple) {
            return tupleWriter(column, flink, tuple.fields(), type, serverZone);
        }
        throw incompatible(flink, type, "the connector does not write this type yet");
    }

    static ZoneId zone(ClickHouseType type, java.util.Optional<String> zone, ZoneId serverZone)
            throws IncompatibleTypeException {
        if (zone.isEmpty()) {
            return serverZone;
        }
        try {
            return ZoneId.of(zone.get());
        } catch (java.time.DateTimeException e) {
            throw new IncompatibleTypeException(
                    "Java does not know the time zone of ClickHouse type " + type + ": " + e);
        }
    }

    private static FieldWriter notNull(
            String column, LogicalType flink, ClickHouseType type, FieldWriter value) {
        return flink.isNullable() ? new NotNullWriter(column, type, value) : value;
    }

    private static TupleWriter tupleWriter(
            String column,
            LogicalType flink,
            List<ClickHouseType.Field> fields,
            ClickHouseType type,
            ZoneId serverZone)
            throws IncompatibleTypeException {
        if (flink.getTypeRoot() != LogicalTypeRoot.ROW) {
            throw incompatible(flink, type, "it takes ROW");
        }
        RowType row = (RowType) flink;
        if (row.getFieldCount() != fields.size()) {
            throw incompatible(
                    flink,
                    type,
                    "it takes a ROW of "
                            + fields.size()
                            + " fields (matched by position), not "
                            + row.getFieldCount());
        }
        FieldWriter[] writers = new FieldWriter[fields.size()];
        for (int i = 0; i < writers.length; i++) {
            String name = column + "." + fields.get(i).name().orElse(String.valueOf(i + 1));
            writers[i] = create(name, row.getTypeAt(i), fields.get(i).type(), serverZone);
        }
        return new TupleWriter(column, writers);
    }

    static int decimalWidth(int precision) {
        if (precision <= 9) {
            return 4;
        }
        if (precision <= 18) {
            return 8;
        }
        return precision <= 38 ? 16 : 32;
    }

    static boolean isCharacterString(LogicalTypeRoot root) {
        return root == LogicalTypeRoot.CHAR || root == LogicalTypeRoot.VARCHAR;
    }

    static boolean isBinaryString(LogicalTypeRoot root) {
        return root == LogicalTypeRoot.BINARY || root == LogicalTypeRoot.VARBINARY;
    }

    private static int integerBytes(LogicalTypeRoot root) {
        return switch (root) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER -> 4;
            case BIGINT -> 8;
            default -> 0;
        };
    }

    private static LongReader integerReader(LogicalType flink, ClickHouseType type)
            throws IncompatibleTypeException {
        return switch (flink.getTypeRoot()) {
            case TINYINT -> LongReader.TINYINT;
            case SMALLINT -> LongReader.SMALLINT;
            case INTEGER -> LongReader.INTEGER;
            case BIGINT -> LongReader.BIGINT;
            default -> throw incompatible(flink, type, "it takes TINYINT, SMALLINT, INT or BIGINT");
        };
    }

    private static FieldWriter signed(
            String column, LogicalType flink, ClickHouseType type, int bytes)
            throws IncompatibleTypeException {
        int sourceBytes = integerBytes(flink.getTypeRoot());
        if (sourceBytes == 0 || sourceBytes > bytes) {
            throw incompatible(
                    flink,
                    type,
                    "it takes "
                            + List.of("TINYINT", "SMALLINT", "INT", "BIGINT")
                                    .subList(0, Integer.numberOfTrailingZeros(bytes) + 1)
                            + " (no narrowing)");
        }
        LongReader reader = integerReader(flink, type);
        return switch (bytes) {
            case 1 -> new Int8Writer(column, reader, 0, 0, false);
            case 2 -> new Int16Writer(column, reader, 0, 0, false);
            case 4 -> new Int32Writer(column, reader, 0, 0, false);
            default -> new Int64Writer(column, reader, 0, 0, false);
        };
    }

    private static TimestampReader timestampReader(
            LogicalType flink, ClickHouseType type, ZoneId zone) throws IncompatibleTypeException {
        switch (flink.getTypeRoot()) {
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return new InstantReader(((LocalZonedTimestampType) flink).getPrecision());
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                {
                    int precision = ((TimestampType) flink).getPrecision();
                    ZoneId normalized = zone.normalized();
                    if (normalized instanceof ZoneOffset offset) {
                        return new FixedOffsetReader(precision, offset.getTotalSeconds());
                    }
                    return new ZonedReader(precision, zone);
                }
            default:
                throw incompatible(flink, type, "it takes TIMESTAMP or TIMESTAMP_LTZ");
        }
    }

    static IncompatibleTypeException incompatible(
            LogicalType flink, ClickHouseType type, String why) {
        return new IncompatibleTypeException(
                "Flink type "
                        + flink.asSummaryString()
                        + " cannot be written to ClickHouse type "
                        + type
                        + ": "
                        + why);
    }

    // ---------------------------------------------------------------- nulls

    static final class NullableWriter extends FieldWriter {
        private final FieldWriter inner;

        NullableWriter(String column, FieldWriter inner) {
            super(column);
            this.inner = inner;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            if (row.isNullAt(pos)) {
                out.writeInt8(1);
            } else {
                out.writeInt8(0);
                inner.write(row, pos, out);
            }
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            if (array.isNullAt(pos)) {
                out.writeInt8(1);
            } else {
                out.writeInt8(0);
                inner.writeElement(array, pos, out);
            }
        }
    }

    static final class NotNullWriter extends FieldWriter {
        private final FieldWriter inner;
        private final ClickHouseType type;

        NotNullWriter(String column, ClickHouseType type, FieldWriter inner) {
            super(column);
            this.inner = inner;
            this.type = type;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            if (row.isNullAt(pos)) {
                throw refusedNull();
            }
            inner.write(row, pos, out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            if (array.isNullAt(pos)) {
                throw refusedNull();
            }
            inner.writeElement(array, pos, out);
        }

        private IllegalArgumentException refusedNull() {
            return new IllegalArgumentException(
                    "Column '"
                            + column
                            + "' cannot take NULL: its ClickHouse type "
                            + type
                            + " is not Nullable");
        }
    }

    // ---------------------------------------------------------------- integers

    /** Reads a Flink integer-like field as a long. */
    enum LongReader {
        TINYINT {
            @Override
            long read(RowData row, int pos) {
                return row.getByte(pos);
            }

            @Override
            long read(ArrayData array, int pos) {
                return array.getByte(pos);
            }
        },
        SMALLINT {
            @Override
            long read(RowData row, int pos) {
                return row.getShort(pos);
            }

            @Override
            long read(ArrayData array, int pos) {
                return array.getShort(pos);
            }
        },
        INTEGER {
            @Override
            long read(RowData row, int pos) {
                return row.getInt(pos);
            }

            @Override
            long read(ArrayData array, int pos) {
                return array.getInt(pos);
            }
        },
        BIGINT {
            @Override
            long read(RowData row, int pos) {
                return row.getLong(pos);
            }

            @Override
            long read(ArrayData array, int pos) {
                return array.getLong(pos);
            }
        },
        /** DATE: days since 1970-01-01. */
        DATE {
            @Override
            long read(RowData row, int pos) {
                return row.getInt(pos);
            }

            @Override
            long read(ArrayData array, int pos) {
                return array.getInt(pos);
            }

            @Override
            Object show(long value) {
                return LocalDate.ofEpochDay(value);
            }
        },
        BOOLEAN {
            @Override
            long read(RowData row, int pos) {
                return row.getBoolean(pos) ? 1 : 0;
            }

            @Override
            long read(ArrayData array, int pos) {
                return array.getBoolean(pos) ? 1 : 0;
            }
        };

        abstract long read(RowData row, int pos);

        abstract long read(ArrayData array, int pos);

        Object show(long value) {
            return value;
        }
    }

    /** An integer of 1, 2, 4 or 8 bytes, optionally checked against the column's range. */
    abstract static class IntegerWriter extends FieldWriter {
        final LongReader reader;
        final long min;
        final long max;
        final boolean checked;

        IntegerWriter(String column, LongReader reader, long min, long max, boolean checked) {
            super(column);
            this.reader = reader;
            this.min = min;
            this.max = max;
            this.checked = checked;
        }

        @Override
        public final void write(RowData row, int pos, RowBinaryOutput out) {
            emit(check(reader.read(row, pos)), out);
        }

        @Override
        public final void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(check(reader.read(array, pos)), out);
        }

        private long check(long value) {
            if (checked && (value < min || value > max)) {
                throw refused(
                        reader.show(value),
                        "out of range " + reader.show(min) + " .. " + reader.show(max));
            }
            return value;
        }

        abstract void emit(long value, RowBinaryOutput out);
    }

    static final class Int8Writer extends IntegerWriter {
        Int8Writer(String column, LongReader reader, long min, long max, boolean checked) {
            super(column, reader, min, max, checked);
        }

        @Override
        void emit(long value, RowBinaryOutput out) {
            out.writeInt8((int) value);
        }
    }

    static final class Int16Writer extends IntegerWriter {
        Int16Writer(String column, LongReader reader, long min, long max, boolean checked) {
            super(column, reader, min, max, checked);
        }

        @Override
        void emit(long value, RowBinaryOutput out) {
            out.writeInt16((int) value);
        }
    }

    static final class Int32Writer extends IntegerWriter {
        Int32Writer(String column, LongReader reader, long min, long max, boolean checked) {
            super(column, reader, min, max, checked);
        }

        @Override
        void emit(long value, RowBinaryOutput out) {
            out.writeInt32((int) value);
        }
    }

    static final class Int64Writer extends IntegerWriter {
        Int64Writer(String column, LongReader reader, long min, long max, boolean checked) {
            super(column, reader, min, max, checked);
        }

        @Override
        void emit(long value, RowBinaryOutput out) {
            out.writeInt64(value);
        }
    }

    // ---------------------------------------------------------------- floats

    static final class Float32Writer extends FieldWriter {
        Float32Writer(String column) {
            super(column);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            out.writeFloat32(row.getFloat(pos));
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            out.writeFloat32(array.getFloat(pos));
        }
    }

    static final class Float64Writer extends FieldWriter {
        Float64Writer(String column) {
            super(column);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            out.writeFloat64(row.getDouble(pos));
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            out.writeFloat64(array.getDouble(pos));
        }
    }

    static final class Float64FromFloatWriter extends FieldWriter {
        Float64FromFloatWriter(String column) {
            super(column);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            out.writeFloat64(row.getFloat(pos));
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            out.writeFloat64(array.getFloat(pos));
        }
    }

    // ---------------------------------------------------------------- decimals

    /** Decimal(P<=9): the unscaled value as Int32 (the Flink precision is at most 9 too). */
    static final class Decimal32Writer extends FieldWriter {
        private final int precision;
        private final int scale;

        Decimal32Writer(String column, DecimalType source) {
            super(column);
            this.precision = source.getPrecision();
            this.scale = source.getScale();
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            out.writeInt32((int) row.getDecimal(pos, precision, scale).toUnscaledLong());
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            out.writeInt32((int) array.getDecimal(pos, precision, scale).toUnscaledLong());
        }
    }

    /** A compact Flink decimal (p <= 18) as 1, 2 or 4 little-endian 64-bit words, sign-extended. */
    static final class DecimalLongWriter extends FieldWriter {
        private final int precision;
        private final int scale;
        private final int signWords;

        DecimalLongWriter(String column, DecimalType source, int words) {
            super(column);
            this.precision = source.getPrecision();
            this.scale = source.getScale();
            this.signWords = words - 1;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getDecimal(pos, precision, scale).toUnscaledLong(), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getDecimal(pos, precision, scale).toUnscaledLong(), out);
        }

        private void emit(long unscaled, RowBinaryOutput out) {
            out.writeInt64(unscaled);
            long sign = unscaled >> 63;
            for (int i = 0; i < signWords; i++) {
                out.writeInt64(sign);
            }
        }
    }

    /**
     * A Flink decimal's unscaled value as a little-endian two's complement integer of {@code width}
     * bytes: Decimal128/256 from DECIMAL(p > 18), (U)Int128/256 and UInt64 from DECIMAL(p, 0).
     * Unsigned targets refuse negative values and values of more than {@code width} bytes.
     */
    static final class WideIntegerWriter extends FieldWriter {
        private final int precision;
        private final int scale;
        private final int width;
        private final boolean signed;
        private final byte[] scratch;

        WideIntegerWriter(String column, DecimalType source, int width, boolean signed) {
            super(column);
            this.precision = source.getPrecision();
            this.scale = source.getScale();
            this.width = width;
            this.signed = signed;
            this.scratch = new byte[width];
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getDecimal(pos, precision, scale), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getDecimal(pos, precision, scale), out);
        }

        private void emit(DecimalData value, RowBinaryOutput out) {
            if (value.isCompact()) {
                long unscaled = value.toUnscaledLong();
                if (!signed && unscaled < 0) {
                    throw refused(value, "negative for an unsigned type");
                }
                out.writeInt64(unscaled);
                long sign = unscaled >> 63;
                for (int i = 8; i < width; i += 8) {
                    out.writeInt64(sign);
                }
                return;
            }
            byte[] bigEndian = value.toUnscaledBytes(); // minimal two's complement
            boolean negative = bigEndian[0] < 0;
            int length = bigEndian.length;
            if (!signed) {
                if (negative) {
                    throw refused(value, "negative for an unsigned type");
                }
                if (length == width + 1 && bigEndian[0] == 0) {
                    length--; // the sign byte of a value using the top bit
                }
            }
            if (length > width) {
                throw refused(value, "more than " + width * 8 + " bits");
            }
            byte fill = negative ? (byte) -1 : 0;
            int last = bigEndian.length - 1;
            for (int i = 0; i < width; i++) {
                scratch[i] = i < length ? bigEndian[last - i] : fill;
            }
            out.writeBytes(scratch, 0, width);
        }
    }

    // ---------------------------------------------------------------- strings

    static final class StringWriter extends FieldWriter {
        StringWriter(String column) {
            super(column);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            out.writeString(row.getString(pos));
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            out.writeString(array.getString(pos));
        }
    }

    static final class BytesWriter extends FieldWriter {
        BytesWriter(String column) {
            super(column);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            out.writeString(row.getBinary(pos));
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            out.writeString(array.getBinary(pos));
        }
    }

    static final class FixedBytesWriter extends FieldWriter {
        private final int length;

        FixedBytesWriter(String column, int length) {
            super(column);
            this.length = length;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getBinary(pos), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getBinary(pos), out);
        }

        private void emit(byte[] bytes, RowBinaryOutput out) {
            if (bytes.length > length) {
                throw refused(
                        "of " + bytes.length + " bytes",
                        "it does not fit FixedString(" + length + ")");
            }
            out.writeFixedString(bytes, length);
        }
    }

    static final class FixedStringWriter extends FieldWriter {
        private final int length;

        FixedStringWriter(String column, int length) {
            super(column);
            this.length = length;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getString(pos), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getString(pos), out);
        }

        private void emit(StringData value, RowBinaryOutput out) {
            byte[] bytes = value.toBytes();
            if (bytes.length > length) {
                throw refused(
                        "'" + value + "'",
                        bytes.length + " bytes do not fit FixedString(" + length + ")");
            }
            out.writeFixedString(bytes, length);
        }
    }

    // ---------------------------------------------------------------- UUID

    /** UUID: the high 64 bits little-endian, then the low 64 bits little-endian. */
    static void writeUuid(long high, long low, RowBinaryOutput out) {
        out.writeInt64(high);
        out.writeInt64(low);
    }

    static final class UuidFromStringWriter extends FieldWriter {
        UuidFromStringWriter(String column) {
            super(column);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getString(pos), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getString(pos), out);
        }

        private void emit(StringData value, RowBinaryOutput out) {
            byte[] s = value.toBytes();
            if (s.length != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') {
                throw refused("'" + value + "'", "not a UUID of the form 8-4-4-4-12");
            }
            long high = 0;
            long low = 0;
            int digits = 0;
            for (int i = 0; i < 36; i++) {
                if (i == 8 || i == 13 || i == 18 || i == 23) {
                    continue;
                }
                int d = Character.digit(s[i], 16);
                if (d < 0) {
                    throw refused("'" + value + "'", "not a UUID of the form 8-4-4-4-12");
                }
                if (digits++ < 16) {
                    high = (high << 4) | d;
                } else {
                    low = (low << 4) | d;
                }
            }
            writeUuid(high, low, out);
        }
    }

    static final class UuidFromBytesWriter extends FieldWriter {
        UuidFromBytesWriter(String column) {
            super(column);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getBinary(pos), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getBinary(pos), out);
        }

        private void emit(byte[] b, RowBinaryOutput out) {
            if (b.length != 16) {
                throw refused(b.length + " bytes", "a UUID takes exactly 16 bytes");
            }
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (b[i] & 0xFF);
                low = (low << 8) | (b[i + 8] & 0xFF);
            }
            writeUuid(high, low, out);
        }
    }

    // ---------------------------------------------------------------- enums

    abstract static class EnumWriter extends FieldWriter {
        final boolean wide;

        EnumWriter(String column, ClickHouseType.Enum type) {
            super(column);
            this.wide = type.bits() == 16;
        }

        final void emit(int value, RowBinaryOutput out) {
            if (wide) {
                out.writeInt16(value);
            } else {
                out.writeInt8(value);
            }
        }
    }

    static final class EnumByNameWriter extends EnumWriter {
        /**
         * By the names' UTF-8 bytes: {@link BinaryStringData} compares and hashes its bytes, so a
         * row's string is looked up without being decoded.
         */
        private final Map<StringData, Integer> values = new HashMap<>();

        private final ClickHouseType.Enum type;

        EnumByNameWriter(String column, ClickHouseType.Enum type) {
            super(column, type);
            this.type = type;
            for (EnumValue v : type.values()) {
                values.put(BinaryStringData.fromString(v.name()), v.value());
            }
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(lookup(row.getString(pos)), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(lookup(array.getString(pos)), out);
        }

        private int lookup(StringData name) {
            Integer value =
                    values.get(
                            name instanceof BinaryStringData
                                    ? name
                                    : BinaryStringData.fromString(name.toString()));
            if (value == null) {
                throw refused("'" + name + "'", "not a name of " + type);
            }
            return value;
        }
    }

    static final class EnumByValueWriter extends EnumWriter {
        private final LongReader reader;
        private final java.util.BitSet defined = new java.util.BitSet(65536);
        private final ClickHouseType.Enum type;

        EnumByValueWriter(String column, LongReader reader, ClickHouseType.Enum type) {
            super(column, type);
            this.reader = reader;
            this.type = type;
            for (EnumValue v : type.values()) {
                defined.set(v.value() + 32768);
            }
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(check(reader.read(row, pos)), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(check(reader.read(array, pos)), out);
        }

        private int check(long value) {
            if (value < -32768 || value > 32767 || !defined.get((int) value + 32768)) {
                throw refused(value, "not a value of " + type);
            }
            return (int) value;
        }
    }

    // ---------------------------------------------------------------- date-times

    /** Reads a Flink timestamp as an instant: epoch seconds and nano of second. */
    abstract static class TimestampReader {
        final int precision;

        TimestampReader(int precision) {
            this.precision = precision;
        }

        abstract long epochSecond(TimestampData value);

        static int nanoOfSecond(TimestampData value) {
            return (int) Math.floorMod(value.getMillisecond(), 1000L) * 1_000_000
                    + value.getNanoOfMillisecond();
        }
    }

    /** TIMESTAMP_LTZ: the value is the instant. */
    static final class InstantReader extends TimestampReader {
        InstantReader(int precision) {
            super(precision);
        }

        @Override
        long epochSecond(TimestampData value) {
            return Math.floorDiv(value.getMillisecond(), 1000L);
        }
    }

    /** TIMESTAMP (a wall clock) in a zone of a fixed offset, UTC for one. */
    static final class FixedOffsetReader extends TimestampReader {
        private final int offsetSeconds;

        FixedOffsetReader(int precision, int offsetSeconds) {
            super(precision);
            this.offsetSeconds = offsetSeconds;
        }

        @Override
        long epochSecond(TimestampData value) {
            return Math.floorDiv(value.getMillisecond(), 1000L) - offsetSeconds;
        }
    }

    /** TIMESTAMP (a wall clock) in a zone with daylight saving or other rule changes. */
    static final class ZonedReader extends TimestampReader {
        private final ZoneId zone;

        ZonedReader(int precision, ZoneId zone) {
            super(precision);
            this.zone = zone;
        }

        @Override
        long epochSecond(TimestampData value) {
            return value.toLocalDateTime().atZone(zone).toEpochSecond();
        }
    }

    /** DateTime: UInt32 epoch seconds. */
    static final class DateTimeWriter extends FieldWriter {
        private final TimestampReader reader;

        DateTimeWriter(String column, TimestampReader reader) {
            super(column);
            this.reader = reader;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getTimestamp(pos, reader.precision), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getTimestamp(pos, reader.precision), out);
        }

        private void emit(TimestampData value, RowBinaryOutput out) {
            long seconds = reader.epochSecond(value);
            if (seconds < 0 || seconds > UINT32_MAX) {
                throw refused(
                        value,
                        "DateTime holds 1970-01-01 00:00:00 .. 2106-02-07 06:28:15 UTC, this is "
                                + seconds
                                + " s from the epoch");
            }
            out.writeInt32((int) seconds);
        }
    }

    /** DateTime64(p): Int64 ticks of 10^-p seconds since the epoch, floored. */
    static final class DateTime64Writer extends FieldWriter {
        private final TimestampReader reader;
        private final long ticksPerSecond;
        private final int nanosPerTick;

        DateTime64Writer(String column, TimestampReader reader, int precision) {
            super(column);
            this.reader = reader;
            this.ticksPerSecond = pow10(precision);
            this.nanosPerTick = (int) pow10(9 - precision);
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getTimestamp(pos, reader.precision), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getTimestamp(pos, reader.precision), out);
        }

        private void emit(TimestampData value, RowBinaryOutput out) {
            long seconds = reader.epochSecond(value);
            long ticks;
            try {
                ticks =
                        Math.addExact(
                                Math.multiplyExact(seconds, ticksPerSecond),
                                TimestampReader.nanoOfSecond(value) / nanosPerTick);
            } catch (ArithmeticException e) {
                throw refused(value, "out of the range of DateTime64 at this precision");
            }
            out.writeInt64(ticks);
        }

        static long pow10(int n) {
            long p = 1;
            for (int i = 0; i < n; i++) {
                p *= 10;
            }
            return p;
        }
    }

    // ---------------------------------------------------------------- composites

    static final class ArrayWriter extends FieldWriter {
        private final FieldWriter element;

        ArrayWriter(String column, FieldWriter element) {
            super(column);
            this.element = element;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getArray(pos), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getArray(pos), out);
        }

        private void emit(ArrayData array, RowBinaryOutput out) {
            int size = array.size();
            out.writeVarUInt(size);
            for (int i = 0; i < size; i++) {
                element.writeElement(array, i, out);
            }
        }
    }

    static final class MapWriter extends FieldWriter {
        private final FieldWriter key;
        private final FieldWriter value;

        MapWriter(String column, FieldWriter key, FieldWriter value) {
            super(column);
            this.key = key;
            this.value = value;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getMap(pos), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getMap(pos), out);
        }

        private void emit(MapData map, RowBinaryOutput out) {
            int size = map.size();
            ArrayData keys = map.keyArray();
            ArrayData values = map.valueArray();
            out.writeVarUInt(size);
            for (int i = 0; i < size; i++) {
                key.writeElement(keys, i, out);
                value.writeElement(values, i, out);
            }
        }
    }

    static final class TupleWriter extends FieldWriter {
        private final FieldWriter[] fields;

        TupleWriter(String column, FieldWriter[] fields) {
            super(column);
            this.fields = fields;
        }

        @Override
        public void write(RowData row, int pos, RowBinaryOutput out) {
            emit(row.getRow(pos, fields.length), out);
        }

        @Override
        public void writeElement(ArrayData array, int pos, RowBinaryOutput out) {
            emit(array.getRow(pos, fields.length), out);
        }

        private void emit(RowData row, RowBinaryOutput out) {
            for (int i = 0; i < fields.length; i++) {
                fields[i].write(row, i, out);
            }
        }
    }

    /** For tests: a BigInteger's RowBinary bytes of {@code width}, little-endian. */
    static byte[] littleEndian(BigInteger value, int width) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[width];
        byte fill = value.signum() < 0 ? (byte) -1 : 0;
        for (int i = 0; i < width; i++) {
            out[i] = i < big.length ? big[big.length - 1 - i] : fill;
        }
        return out;
    }
}
