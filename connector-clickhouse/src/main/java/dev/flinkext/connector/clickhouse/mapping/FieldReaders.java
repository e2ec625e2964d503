package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.mapping.FieldWriters.IncompatibleTypeException;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Basic;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.DateTime;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.DateTime64;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Decimal;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.FixedString;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.LowCardinality;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Nested;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Nullable;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Tuple;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RowBinary → Flink values, the reading side of {@link FieldWriters}: one reader per column, chosen
 * once from (ClickHouse type, Flink type). A Flink type is accepted only when it holds every value
 * of the ClickHouse type (no narrowing: {@code Int64} into INT is refused at planning time, naming
 * both types); the one exception is UInt64 into BIGINT, where a value above 2^63-1 fails the read
 * naming the column and the value (DECIMAL(20, 0) holds them all).
 *
 * <p>Pairs: Int8..Int64 and UInt8..UInt32 into TINYINT..BIGINT wide enough; UInt64 into BIGINT or
 * DECIMAL(p >= 20, 0); UInt8 and Bool into BOOLEAN; Float32 into FLOAT or DOUBLE, Float64 into
 * DOUBLE; Decimal(P, S) into DECIMAL(p >= P, S); String into STRING/VARCHAR/CHAR (UTF-8) or BYTES;
 * FixedString(N) into BYTES/BINARY (all N bytes) or STRING (trailing zero bytes removed, as the
 * writer pads them); Date and Date32 into DATE; DateTime and DateTime64(p) into TIMESTAMP_LTZ (the
 * instant) or TIMESTAMP (the wall clock in the column's zone, else the server's), with a Flink
 * precision of at least p; UUID into STRING (8-4-4-4-12) or BYTES (16); Enum8/16 into STRING (the
 * name) or an integer type (the value); Nullable(T) into a nullable Flink type; LowCardinality(T)
 * as T; Array, Map, Tuple (ROW by position) and Nested (ARRAY of ROW) of the above.
 */
public final class FieldReaders {

    private FieldReaders() {}

    /** Reads one value as Flink's internal data structures hold it; null for NULL. */
    @FunctionalInterface
    public interface FieldReader {
        Object read(RowBinaryInput in) throws IOException;
    }

    /**
     * @param column names the column in errors
     * @param serverZone the zone of a {@code DateTime} without one
     * @throws IncompatibleTypeException when the Flink type cannot hold the ClickHouse type
     */
    public static FieldReader create(
            String column, LogicalType flink, ClickHouseType clickHouse, ZoneId serverZone)
            throws IncompatibleTypeException {
        ClickHouseType type = clickHouse;
        if (type instanceof LowCardinality low) {
            type = low.inner();
        }
        if (type instanceof Nullable nullable) {
            if (!flink.isNullable()) {
                throw incompatible(flink, clickHouse, "the column holds NULLs: drop NOT NULL");
            }
            ClickHouseType inner = nullable.inner();
            if (inner instanceof LowCardinality low) {
                inner = low.inner();
            }
            FieldReader value = valueReader(column, flink, inner, serverZone);
            return in -> in.readUInt8() != 0 ? null : value.read(in);
        }
        return valueReader(column, flink, type, serverZone);
    }

    private static FieldReader valueReader(
            String column, LogicalType flink, ClickHouseType type, ZoneId serverZone)
            throws IncompatibleTypeException {
        LogicalTypeRoot root = flink.getTypeRoot();
        if (type instanceof Basic basic) {
            switch (basic.primitive()) {
                case Int8:
                    return integer(flink, type, 1, true);
                case Int16:
                    return integer(flink, type, 2, true);
                case Int32:
                    return integer(flink, type, 4, true);
                case Int64:
                    return integer(flink, type, 8, true);
                case UInt8:
                    if (root == LogicalTypeRoot.BOOLEAN) {
                        return in -> in.readUInt8() != 0;
                    }
                    return integer(flink, type, 1, false);
                case UInt16:
                    return integer(flink, type, 2, false);
                case UInt32:
                    return integer(flink, type, 4, false);
                case UInt64:
                    return uint64(column, flink, type);
                case Float32:
                    if (root == LogicalTypeRoot.FLOAT) {
                        return RowBinaryInput::readFloat32;
                    }
                    if (root == LogicalTypeRoot.DOUBLE) {
                        return in -> (double) in.readFloat32();
                    }
                    throw incompatible(flink, type, "it reads into FLOAT or DOUBLE");
                case Float64:
                    if (root == LogicalTypeRoot.DOUBLE) {
                        return RowBinaryInput::readFloat64;
                    }
                    throw incompatible(flink, type, "it reads into DOUBLE");
                case String:
                    if (FieldWriters.isCharacterString(root)) {
                        return in -> StringData.fromBytes(in.readStringBytes());
                    }
                    if (FieldWriters.isBinaryString(root)) {
                        return RowBinaryInput::readStringBytes;
                    }
                    throw incompatible(flink, type, "it reads into STRING/VARCHAR/CHAR or BYTES");
                case Date:
                    if (root == LogicalTypeRoot.DATE) {
                        return in -> in.readInt16() & 0xFFFF;
                    }
                    throw incompatible(flink, type, "it reads into DATE");
                case Date32:
                    if (root == LogicalTypeRoot.DATE) {
                        return RowBinaryInput::readInt32;
                    }
                    throw incompatible(flink, type, "it reads into DATE");
                case Bool:
                    if (root == LogicalTypeRoot.BOOLEAN) {
                        return in -> in.readUInt8() != 0;
                    }
                    throw incompatible(flink, type, "it reads into BOOLEAN");
                case UUID:
                    if (FieldWriters.isCharacterString(root)) {
                        return in -> StringData.fromString(uuid(in.readInt64(), in.readInt64()));
                    }
                    if (FieldWriters.isBinaryString(root)) {
                        return in -> uuidBytes(in.readInt64(), in.readInt64());
                    }
                    throw incompatible(flink, type, "it reads into STRING or BYTES");
                default:
                    throw incompatible(flink, type, "the connector does not read this type");
            }
        }
        if (type instanceof FixedString fixed) {
            int n = fixed.length();
            if (FieldWriters.isBinaryString(root)) {
                return in -> in.readBytes(n);
            }
            if (FieldWriters.isCharacterString(root)) {
                return in -> StringData.fromBytes(withoutTrailingZeros(in.readBytes(n)));
            }
            throw incompatible(flink, type, "it reads into BYTES/BINARY or STRING");
        }
        if (type instanceof Decimal decimal) {
            return decimal(flink, decimal);
        }
        if (type instanceof DateTime dateTime) {
            ZoneId zone = FieldWriters.zone(type, dateTime.timeZone(), serverZone);
            return timestamp(
                    flink,
                    type,
                    0,
                    zone,
                    in -> Instant.ofEpochSecond(in.readInt32() & 0xFFFF_FFFFL));
        }
        if (type instanceof DateTime64 dateTime64) {
            ZoneId zone = FieldWriters.zone(type, dateTime64.timeZone(), serverZone);
            int precision = dateTime64.precision();
            long ticksPerSecond = FieldWriters.DateTime64Writer.pow10(precision);
            long nanosPerTick = FieldWriters.DateTime64Writer.pow10(9 - precision);
            return timestamp(
                    flink,
                    type,
                    precision,
                    zone,
                    in -> {
                        long ticks = in.readInt64();
                        return Instant.ofEpochSecond(
                                Math.floorDiv(ticks, ticksPerSecond),
                                Math.floorMod(ticks, ticksPerSecond) * nanosPerTick);
                    });
        }
        if (type instanceof ClickHouseType.Enum enumType) {
            return enumReader(flink, enumType);
        }
        if (type instanceof ClickHouseType.Array array) {
            if (root != LogicalTypeRoot.ARRAY) {
                throw incompatible(flink, type, "it reads into ARRAY");
            }
            FieldReader element =
                    create(
                            column + "[]",
                            ((ArrayType) flink).getElementType(),
                            array.element(),
                            serverZone);
            return in -> new GenericArrayData(readElements(in, element));
        }
        if (type instanceof Nested nested) {
            if (root != LogicalTypeRoot.ARRAY) {
                throw incompatible(flink, type, "it reads into ARRAY of ROW");
            }
            FieldReader element =
                    tuple(
                            column + "[]",
                            ((ArrayType) flink).getElementType(),
                            nested.fields(),
                            type,
                            serverZone);
            return in -> new GenericArrayData(readElements(in, element));
        }
        if (type instanceof ClickHouseType.Map map) {
            if (root != LogicalTypeRoot.MAP) {
                throw incompatible(flink, type, "it reads into MAP");
            }
            MapType mapType = (MapType) flink;
            FieldReader key = create(column + "{key}", mapType.getKeyType(), map.key(), serverZone);
            FieldReader value =
                    create(column + "{value}", mapType.getValueType(), map.value(), serverZone);
            return in -> {
                int size = size(in);
                Map<Object, Object> entries = new LinkedHashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    entries.put(key.read(in), value.read(in));
                }
                return new GenericMapData(entries);
            };
        }
        if (type instanceof Tuple tupleType) {
            return tuple(column, flink, tupleType.fields(), type, serverZone);
        }
        throw incompatible(flink, type, "the connector does not read this type");
    }

    private static FieldReader tuple(
            String column,
            LogicalType flink,
            List<ClickHouseType.Field> fields,
            ClickHouseType type,
            ZoneId serverZone)
            throws IncompatibleTypeException {
        if (flink.getTypeRoot() != LogicalTypeRoot.ROW) {
            throw incompatible(flink, type, "it reads into ROW");
        }
        RowType row = (RowType) flink;
        if (row.getFieldCount() != fields.size()) {
            throw incompatible(
                    flink,
                    type,
                    "it reads into a ROW of " + fields.size() + " fields (matched by position)");
        }
        FieldReader[] readers = new FieldReader[fields.size()];
        for (int i = 0; i < readers.length; i++) {
            String name = column + "." + fields.get(i).name().orElse(String.valueOf(i + 1));
            readers[i] = create(name, row.getTypeAt(i), fields.get(i).type(), serverZone);
        }
        return in -> {
            GenericRowData out = new GenericRowData(readers.length);
            for (int i = 0; i < readers.length; i++) {
                out.setField(i, readers[i].read(in));
            }
            return out;
        };
    }

    private static Object[] readElements(RowBinaryInput in, FieldReader element)
            throws IOException {
        Object[] elements = new Object[size(in)];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = element.read(in);
        }
        return elements;
    }

    private static int size(RowBinaryInput in) throws IOException {
        long size = in.readVarUInt();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("A RowBinary collection of " + size + " elements");
        }
        return (int) size;
    }

    /** A signed or unsigned integer of {@code bytes} into a Flink integer type that holds it. */
    private static FieldReader integer(
            LogicalType flink, ClickHouseType type, int bytes, boolean signed)
            throws IncompatibleTypeException {
        int target =
                switch (flink.getTypeRoot()) {
                    case TINYINT -> 1;
                    case SMALLINT -> 2;
                    case INTEGER -> 4;
                    case BIGINT -> 8;
                    default -> 0;
                };
        // an unsigned value needs one byte more than its width in a signed Flink type
        if (target == 0 || target < bytes || (!signed && target == bytes)) {
            throw incompatible(
                    flink,
                    type,
                    "it reads into an integer type that holds all its values (no narrowing: "
                            + (signed ? "" : "an unsigned type needs a wider signed one, ")
                            + "e.g. "
                            + List.of("TINYINT", "SMALLINT", "INT", "BIGINT")
                                    .get(
                                            Math.min(
                                                    3,
                                                    Integer.numberOfTrailingZeros(bytes)
                                                            + (signed ? 0 : 1)))
                            + ")");
        }
        RawInteger raw =
                switch (bytes) {
                    case 1 -> signed ? in -> (byte) in.readUInt8() : in -> in.readUInt8();
                    case 2 -> signed ? in -> in.readInt16() : in -> in.readInt16() & 0xFFFF;
                    case 4 -> signed ? in -> in.readInt32() : in -> in.readInt32() & 0xFFFF_FFFFL;
                    default -> RowBinaryInput::readInt64;
                };
        return switch (target) {
            case 1 -> in -> (byte) raw.read(in);
            case 2 -> in -> (short) raw.read(in);
            case 4 -> in -> (int) raw.read(in);
            default -> raw::read;
        };
    }

    @FunctionalInterface
    private interface RawInteger {
        long read(RowBinaryInput in) throws IOException;
    }

    private static FieldReader uint64(String column, LogicalType flink, ClickHouseType type)
            throws IncompatibleTypeException {
        if (flink.getTypeRoot() == LogicalTypeRoot.BIGINT) {
            return in -> {
                long value = in.readInt64();
                if (value < 0) {
                    throw new IOException(
                            "Column '"
                                    + column
                                    + "' holds "
                                    + Long.toUnsignedString(value)
                                    + ", above BIGINT's 9223372036854775807: declare it"
                                    + " DECIMAL(20, 0)");
                }
                return value;
            };
        }
        if (flink instanceof DecimalType d && d.getScale() == 0 && d.getPrecision() >= 20) {
            int precision = d.getPrecision();
            return in ->
                    DecimalData.fromBigDecimal(
                            new BigDecimal(new BigInteger(Long.toUnsignedString(in.readInt64()))),
                            precision,
                            0);
        }
        throw incompatible(flink, type, "it reads into BIGINT or DECIMAL(p >= 20, 0)");
    }

    private static FieldReader decimal(LogicalType flink, Decimal decimal)
            throws IncompatibleTypeException {
        if (!(flink instanceof DecimalType target)
                || target.getScale() != decimal.scale()
                || target.getPrecision() < decimal.precision()) {
            throw incompatible(
                    flink,
                    decimal,
                    "it reads into DECIMAL(p, "
                            + decimal.scale()
                            + ") with p >= "
                            + decimal.precision()
                            + " (the same scale)");
        }
        int precision = target.getPrecision();
        int scale = target.getScale();
        int width = FieldWriters.decimalWidth(decimal.precision());
        return switch (width) {
            case 4 -> in -> DecimalData.fromUnscaledLong(in.readInt32(), precision, scale);
            case 8 -> in -> DecimalData.fromUnscaledLong(in.readInt64(), precision, scale);
            default ->
                    in -> {
                        byte[] little = in.readBytes(width);
                        byte[] big = new byte[width];
                        for (int i = 0; i < width; i++) {
                            big[i] = little[width - 1 - i];
                        }
                        return DecimalData.fromBigDecimal(
                                new BigDecimal(new BigInteger(big), scale), precision, scale);
                    };
        };
    }

    @FunctionalInterface
    private interface InstantRead {
        Instant read(RowBinaryInput in) throws IOException;
    }

    private static FieldReader timestamp(
            LogicalType flink,
            ClickHouseType type,
            int precision,
            ZoneId zone,
            InstantRead instants)
            throws IncompatibleTypeException {
        int target;
        boolean instant;
        if (flink instanceof LocalZonedTimestampType ltz) {
            target = ltz.getPrecision();
            instant = true;
        } else if (flink instanceof TimestampType ts) {
            target = ts.getPrecision();
            instant = false;
        } else {
            throw incompatible(flink, type, "it reads into TIMESTAMP_LTZ or TIMESTAMP");
        }
        if (target < precision) {
            throw incompatible(
                    flink, type, "it reads into a precision of at least " + precision + " digits");
        }
        return in -> {
            Instant at = instants.read(in);
            return instant
                    ? TimestampData.fromInstant(at)
                    : TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(at, zone));
        };
    }

    private static FieldReader enumReader(LogicalType flink, ClickHouseType.Enum type)
            throws IncompatibleTypeException {
        Map<Integer, StringData> names = new HashMap<>();
        for (ClickHouseType.EnumValue value : type.values()) {
            names.put(value.value(), StringData.fromString(value.name()));
        }
        boolean eight = type.bits() == 8;
        RawInteger raw = eight ? in -> (byte) in.readUInt8() : in -> in.readInt16();
        LogicalTypeRoot root = flink.getTypeRoot();
        if (FieldWriters.isCharacterString(root)) {
            return in -> {
                int value = (int) raw.read(in);
                StringData name = names.get(value);
                if (name == null) {
                    throw new IOException("Enum value " + value + " has no name in " + type);
                }
                return name;
            };
        }
        return switch (root) {
            case TINYINT -> {
                if (!eight) {
                    throw incompatible(flink, type, "Enum16 reads into SMALLINT, INT or STRING");
                }
                yield in -> (byte) raw.read(in);
            }
            case SMALLINT -> in -> (short) raw.read(in);
            case INTEGER -> in -> (int) raw.read(in);
            default -> throw incompatible(flink, type, "it reads into STRING or an integer type");
        };
    }

    static String uuid(long high, long low) {
        String hex = String.format("%016x%016x", high, low);
        return hex.substring(0, 8)
                + "-"
                + hex.substring(8, 12)
                + "-"
                + hex.substring(12, 16)
                + "-"
                + hex.substring(16, 20)
                + "-"
                + hex.substring(20);
    }

    private static byte[] uuidBytes(long high, long low) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static byte[] withoutTrailingZeros(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end);
    }

    private static IncompatibleTypeException incompatible(
            LogicalType flink, ClickHouseType type, String why) {
        return new IncompatibleTypeException(
                "ClickHouse type "
                        + type
                        + " cannot be read into Flink type "
                        + flink.asSummaryString()
                        + ": "
                        + why);
    }
}
