package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.common.hash.Murmur3x64_128;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType;

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinarySegmentUtils;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shard (0-based, in {@code shard_num} order) a Distributed table would send a row to, computed
 * from the row's {@link RowData} as ClickHouse computes it ({@code murmurHash3_64}, {@code
 * cityHash64}, {@code intHash64}, {@code col % N}, a bare column, {@code rand()}): the sharding
 * expression evaluated with the column's ClickHouse type (which decides the hashed bytes and the
 * result type), the result read as unsigned 64-bit (signed results of 32 bits or less sign-extended
 * to 32 bits and read as UInt32, Int64 as UInt64), modulo the total weight, shards taking
 * consecutive slots by weight.
 *
 * <p>Built once per table at planning time, which is where unsupported expressions, column types
 * and Flink/ClickHouse type pairs are refused; {@link #shardOf(RowData)} boxes nothing. Not
 * thread-safe (one per writer): a string spread over several memory segments is hashed from a
 * reused scratch buffer.
 *
 * <p>Flink integer columns of any width are accepted for ClickHouse integer columns and cut to the
 * ClickHouse width as RowBinary writes them (their low bytes); Date takes a Flink DATE, DateTime a
 * TIMESTAMP_LTZ (epoch seconds; a zone-less TIMESTAMP's seconds depend on a time zone, so it is
 * refused), Float32 a FLOAT, Float64 a DOUBLE, String and FixedString a CHAR/VARCHAR (UTF-8) or
 * BINARY/VARBINARY.
 */
public final class ShardRouter {

    private final ShardingExpression expression;
    private final ShardSelector selector;
    private final Value value;

    private ShardRouter(ShardingExpression expression, ShardSelector selector, Value value) {
        this.expression = expression;
        this.selector = selector;
        this.value = value;
    }

    /**
     * A router for {@code expression} over a row of {@code flinkNames}/{@code flinkTypes}, the
     * table's ClickHouse column types by name, and the shards' weights.
     *
     * @throws ValidationException when the expression, its column or the column's types cannot be
     *     reproduced, naming them
     */
    public static ShardRouter create(
            String expression,
            List<String> flinkNames,
            List<LogicalType> flinkTypes,
            Map<String, ClickHouseType> clickHouseTypes,
            ShardSelector selector) {
        ShardingExpression parsed = ShardingExpression.parse(expression);
        if (parsed instanceof ShardingExpression.Rand) {
            return new ShardRouter(parsed, selector, new RandValue());
        }
        if (parsed instanceof ShardingExpression.HashOfColumns multi) {
            Value[] parts = new Value[multi.columns().size()];
            for (int i = 0; i < parts.length; i++) {
                Source part =
                        source(
                                parsed,
                                multi.columns().get(i),
                                flinkNames,
                                flinkTypes,
                                clickHouseTypes);
                parts[i] = multi.city() ? city(part) : murmur(part);
            }
            return new ShardRouter(parsed, selector, new CombinedHashValue(parts, multi.city()));
        }
        Source source = source(parsed, columnOf(parsed), flinkNames, flinkTypes, clickHouseTypes);
        Value value;
        if (parsed instanceof ShardingExpression.MurmurHash3_64) {
            value = murmur(source);
        } else if (parsed instanceof ShardingExpression.CityHash64) {
            value = city(source);
        } else if (parsed instanceof ShardingExpression.IntHash64) {
            value = new IntHashValue(source.integer());
        } else if (parsed instanceof ShardingExpression.Column) {
            value = bare(source.plainInteger());
        } else {
            value = ModuloValue.of(source.plainInteger(), (ShardingExpression.Modulo) parsed);
        }
        return new ShardRouter(parsed, selector, value);
    }

    /** The 0-based index of the shard this row goes to. */
    public int shardOf(RowData row) {
        return selector.shardIndexOf(value.shardingValue(row));
    }

    /**
     * The unsigned 64-bit value ClickHouse takes modulo the total weight for this row (for {@code
     * rand()} a fresh random UInt32).
     */
    public long shardingValue(RowData row) {
        return value.shardingValue(row);
    }

    public ShardingExpression expression() {
        return expression;
    }

    public ShardSelector selector() {
        return selector;
    }

    @Override
    public String toString() {
        return "ShardRouter{" + expression.text() + ", " + selector + "}";
    }

    // ---------------------------------------------------------------------------------------

    private static Source source(
            ShardingExpression parsed,
            String column,
            List<String> flinkNames,
            List<LogicalType> flinkTypes,
            Map<String, ClickHouseType> clickHouseTypes) {
        int pos = flinkNames.indexOf(column);
        if (pos < 0) {
            throw refused(parsed, "its column '" + column + "' is not a column of the Flink table");
        }
        ClickHouseType chType = clickHouseTypes.get(column);
        if (chType == null) {
            throw refused(
                    parsed, "its column '" + column + "' is not a column of the ClickHouse table");
        }
        return new Source(parsed, column, pos, flinkTypes.get(pos), chType);
    }

    private static String columnOf(ShardingExpression e) {
        if (e instanceof ShardingExpression.MurmurHash3_64 m) {
            return m.column();
        }
        if (e instanceof ShardingExpression.IntHash64 h) {
            return h.column();
        }
        if (e instanceof ShardingExpression.CityHash64 c) {
            return c.column();
        }
        if (e instanceof ShardingExpression.Column c) {
            return c.column();
        }
        return ((ShardingExpression.Modulo) e).column();
    }

    private static ValidationException refused(ShardingExpression e, String why) {
        return ShardingRefusal.of(e.text(), why);
    }

    private static Value murmur(Source s) {
        ClickHouseType ch = s.chType;
        if (ch instanceof ClickHouseType.FixedString fixed) {
            return new BytesHashValue(s.bytes(), fixed.length(), false);
        }
        if (ch instanceof ClickHouseType.Basic basic) {
            switch (basic.primitive()) {
                case String:
                    return new BytesHashValue(s.bytes(), -1, false);
                case Float32:
                    s.require(LogicalTypeRoot.FLOAT);
                    return new MurmurFloat32Value(s.pos, s.column);
                case Float64:
                    s.require(LogicalTypeRoot.DOUBLE);
                    return new MurmurFloat64Value(s.pos, s.column);
                default:
                    break;
            }
        }
        IntegerSource integer = s.integer();
        return new MurmurIntegerValue(integer);
    }

    private static Value city(Source s) {
        ClickHouseType ch = s.chType;
        if (ch instanceof ClickHouseType.FixedString fixed) {
            return new BytesHashValue(s.bytes(), fixed.length(), true);
        }
        if (ch instanceof ClickHouseType.Basic basic) {
            switch (basic.primitive()) {
                case String:
                    return new BytesHashValue(s.bytes(), -1, true);
                case Float32:
                    s.require(LogicalTypeRoot.FLOAT);
                    return new CityFloatValue(s.pos, s.column, false);
                case Float64:
                    s.require(LogicalTypeRoot.DOUBLE);
                    return new CityFloatValue(s.pos, s.column, true);
                default:
                    break;
            }
        }
        return new CityIntegerValue(s.integer());
    }

    private static Value bare(IntegerSource integer) {
        return integer.signed ? new SignedValue(integer) : new UnsignedValue(integer);
    }

    /** What the expression's column is, for the checks. */
    private static final class Source {
        final ShardingExpression expression;
        final String column;
        final int pos;
        final LogicalType flinkType;
        final ClickHouseType chType;

        Source(
                ShardingExpression expression,
                String column,
                int pos,
                LogicalType flinkType,
                ClickHouseType chType) {
            this.expression = expression;
            this.column = column;
            this.pos = pos;
            this.flinkType = flinkType;
            this.chType = chType;
            if (chType instanceof ClickHouseType.Nullable
                    || chType instanceof ClickHouseType.LowCardinality) {
                throw refused(
                        expression,
                        "its column '"
                                + column
                                + "' is "
                                + chType
                                + " (only non-Nullable, non-LowCardinality columns are"
                                + " reproduced)");
            }
        }

        ValidationException mismatch(String what) {
            return refused(
                    expression,
                    "its column '"
                            + column
                            + "' is "
                            + chType
                            + " in ClickHouse and "
                            + flinkType.asSummaryString()
                            + " in Flink ("
                            + what
                            + ")");
        }

        void require(LogicalTypeRoot root) {
            if (flinkType.getTypeRoot() != root) {
                throw mismatch("the Flink column must be " + root);
            }
        }

        /** The column as a ClickHouse integer (Int*, UInt*, Date, DateTime). */
        IntegerSource integer() {
            if (!(chType instanceof ClickHouseType.Basic)
                    && !(chType instanceof ClickHouseType.DateTime)) {
                throw mismatch("an integer, Date or DateTime column is needed");
            }
            if (chType instanceof ClickHouseType.DateTime) {
                if (!(flinkType instanceof LocalZonedTimestampType ltz)) {
                    throw mismatch(
                            "a DateTime column is reproduced from a TIMESTAMP_LTZ: a zone-less"
                                    + " TIMESTAMP's epoch seconds depend on a time zone");
                }
                return new IntegerSource(
                        column,
                        pos,
                        IntegerSource.READ_TIMESTAMP_LTZ,
                        ltz.getPrecision(),
                        32,
                        false);
            }
            ClickHouseType.Primitive p = ((ClickHouseType.Basic) chType).primitive();
            int bits;
            boolean signed;
            switch (p) {
                case Int8 -> {
                    bits = 8;
                    signed = true;
                }
                case Int16 -> {
                    bits = 16;
                    signed = true;
                }
                case Int32 -> {
                    bits = 32;
                    signed = true;
                }
                case Int64 -> {
                    bits = 64;
                    signed = true;
                }
                case UInt8 -> {
                    bits = 8;
                    signed = false;
                }
                case UInt16 -> {
                    bits = 16;
                    signed = false;
                }
                case UInt32 -> {
                    bits = 32;
                    signed = false;
                }
                case UInt64 -> {
                    bits = 64;
                    signed = false;
                }
                case Date -> {
                    require(LogicalTypeRoot.DATE);
                    return new IntegerSource(column, pos, IntegerSource.READ_INT, 0, 16, false);
                }
                default -> throw mismatch("an integer, Date or DateTime column is needed");
            }
            int read =
                    switch (flinkType.getTypeRoot()) {
                        case TINYINT -> IntegerSource.READ_BYTE;
                        case SMALLINT -> IntegerSource.READ_SHORT;
                        case INTEGER -> IntegerSource.READ_INT;
                        case BIGINT -> IntegerSource.READ_LONG;
                        default ->
                                throw mismatch(
                                        "the Flink column must be TINYINT, SMALLINT, INT or BIGINT");
                    };
            return new IntegerSource(column, pos, read, 0, bits, signed);
        }

        /** The column as an Int* or UInt* (Distributed shards only by integer results). */
        IntegerSource plainInteger() {
            if (chType instanceof ClickHouseType.Basic basic
                    && basic.primitive().name().matches("U?Int(8|16|32|64)")) {
                return integer();
            }
            throw mismatch("an Int8..Int64 or UInt8..UInt64 column is needed");
        }

        /** The column as bytes (String, FixedString). */
        BytesSource bytes() {
            return switch (flinkType.getTypeRoot()) {
                case CHAR, VARCHAR -> new BytesSource(column, pos, true);
                case BINARY, VARBINARY -> new BytesSource(column, pos, false);
                default ->
                        throw mismatch(
                                "the Flink column must be CHAR, VARCHAR, BINARY or VARBINARY");
            };
        }
    }

    private static void nullCheck(RowData row, int pos, String column) {
        if (row.isNullAt(pos)) {
            throw new IllegalArgumentException(
                    "The sharding column '" + column + "' is null in a row");
        }
    }

    /** A column's value as the ClickHouse integer it is stored as, extended to 64 bits. */
    static final class IntegerSource {
        static final int READ_BYTE = 0;
        static final int READ_SHORT = 1;
        static final int READ_INT = 2;
        static final int READ_LONG = 3;
        static final int READ_TIMESTAMP_LTZ = 4;

        final String column;
        final int pos;
        final int read;
        final int precision;
        final int bits;
        final boolean signed;

        IntegerSource(String column, int pos, int read, int precision, int bits, boolean signed) {
            this.column = column;
            this.pos = pos;
            this.read = read;
            this.precision = precision;
            this.bits = bits;
            this.signed = signed;
        }

        /** Sign-extended from {@link #bits} when signed, zero-extended otherwise. */
        long value(RowData row) {
            nullCheck(row, pos, column);
            long v =
                    switch (read) {
                        case READ_BYTE -> row.getByte(pos);
                        case READ_SHORT -> row.getShort(pos);
                        case READ_INT -> row.getInt(pos);
                        case READ_LONG -> row.getLong(pos);
                        default ->
                                Math.floorDiv(
                                        row.getTimestamp(pos, precision).getMillisecond(), 1000L);
                    };
            if (bits == 64) {
                return v;
            }
            int shift = 64 - bits;
            return signed ? (v << shift) >> shift : (v << shift) >>> shift;
        }
    }

    /** A String or FixedString column's bytes. */
    static final class BytesSource {
        final String column;
        final int pos;
        final boolean utf8;

        BytesSource(String column, int pos, boolean utf8) {
            this.column = column;
            this.pos = pos;
            this.utf8 = utf8;
        }
    }

    private abstract static class Value {
        /** The unsigned 64-bit sharding value. */
        abstract long shardingValue(RowData row);
    }

    /**
     * {@code murmurHash3_64(a, b, ...)} / {@code cityHash64(a, b, ...)}: each argument hashed as
     * alone, then folded left as ClickHouse combines hashes ({@code intHash64(h1) ^ h2} for
     * murmurHash3_64, CityHash's {@code Hash128to64(h1, h2)} for cityHash64).
     */
    private static final class CombinedHashValue extends Value {
        private final Value[] parts;
        private final boolean city;

        CombinedHashValue(Value[] parts, boolean city) {
            this.parts = parts;
            this.city = city;
        }

        @Override
        long shardingValue(RowData row) {
            long h = parts[0].shardingValue(row);
            for (int i = 1; i < parts.length; i++) {
                long next = parts[i].shardingValue(row);
                h =
                        city
                                ? ClickHouseHashes.combineCityHashes(h, next)
                                : ClickHouseHashes.combineMurmurHashes(h, next);
            }
            return h;
        }
    }

    private static final class RandValue extends Value {
        @Override
        long shardingValue(RowData row) {
            return ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
        }
    }

    private static final class SignedValue extends Value {
        private final IntegerSource source;

        SignedValue(IntegerSource source) {
            this.source = source;
        }

        @Override
        long shardingValue(RowData row) {
            long v = source.value(row);
            return source.bits == 64 ? v : v & 0xFFFFFFFFL;
        }
    }

    private static final class UnsignedValue extends Value {
        private final IntegerSource source;

        UnsignedValue(IntegerSource source) {
            this.source = source;
        }

        @Override
        long shardingValue(RowData row) {
            return source.value(row);
        }
    }

    private static final class IntHashValue extends Value {
        private final IntegerSource source;

        IntHashValue(IntegerSource source) {
            this.source = source;
        }

        @Override
        long shardingValue(RowData row) {
            // intHash64 takes its argument as UInt64: signed values sign-extended (checked on
            // 18.16)
            return ClickHouseHashes.intHash64(source.value(row));
        }
    }

    private static final class MurmurIntegerValue extends Value {
        private final IntegerSource source;
        private final int bytes;
        private final long mask;

        MurmurIntegerValue(IntegerSource source) {
            this.source = source;
            this.bytes = source.bits / 8;
            this.mask = source.bits == 64 ? -1L : (1L << source.bits) - 1;
        }

        @Override
        long shardingValue(RowData row) {
            return Murmur3x64_128.h1XorH2OfSmall(source.value(row) & mask, bytes);
        }
    }

    private static final class MurmurFloat32Value extends Value {
        private final int pos;
        private final String column;

        MurmurFloat32Value(int pos, String column) {
            this.pos = pos;
            this.column = column;
        }

        @Override
        long shardingValue(RowData row) {
            nullCheck(row, pos, column);
            return ClickHouseHashes.murmurHash3_64(row.getFloat(pos));
        }
    }

    private static final class MurmurFloat64Value extends Value {
        private final int pos;
        private final String column;

        MurmurFloat64Value(int pos, String column) {
            this.pos = pos;
            this.column = column;
        }

        @Override
        long shardingValue(RowData row) {
            nullCheck(row, pos, column);
            return ClickHouseHashes.murmurHash3_64(row.getDouble(pos));
        }
    }

    /**
     * murmurHash3_64 or cityHash64 of a String (fixedLength -1) or of a FixedString(fixedLength),
     * zero-padded.
     */
    private static final class BytesHashValue extends Value {
        private final BytesSource source;
        private final int fixedLength;
        private final boolean city;
        private byte[] scratch = new byte[64];

        BytesHashValue(BytesSource source, int fixedLength, boolean city) {
            this.source = source;
            this.fixedLength = fixedLength;
            this.city = city;
        }

        private long digest(byte[] bytes, int offset, int length) {
            return city
                    ? ClickHouseHashes.cityHash64(bytes, offset, length)
                    : Murmur3x64_128.h1XorH2(bytes, offset, length);
        }

        @Override
        long shardingValue(RowData row) {
            nullCheck(row, source.pos, source.column);
            if (!source.utf8) {
                byte[] bytes = row.getBinary(source.pos);
                return hash(bytes, 0, bytes.length, false);
            }
            StringData string = row.getString(source.pos);
            if (!(string instanceof BinaryStringData binary)) {
                byte[] bytes = string.toBytes();
                return hash(bytes, 0, bytes.length, false);
            }
            binary.ensureMaterialized();
            int length = binary.getSizeInBytes();
            MemorySegment[] segments = binary.getSegments();
            int offset = binary.getOffset();
            if (segments.length == 1
                    && !segments[0].isOffHeap()
                    && offset + length <= segments[0].size()) {
                return hash(segments[0].getHeapMemory(), offset, length, false);
            }
            byte[] buffer = scratch(length);
            BinarySegmentUtils.copyToBytes(segments, offset, buffer, 0, length);
            return hash(buffer, 0, length, true);
        }

        private long hash(byte[] bytes, int offset, int length, boolean inScratch) {
            if (fixedLength < 0) {
                return digest(bytes, offset, length);
            }
            if (length > fixedLength) {
                throw new IllegalArgumentException(
                        "A value of "
                                + length
                                + " bytes in the sharding column '"
                                + source.column
                                + "' does not fit FixedString("
                                + fixedLength
                                + ")");
            }
            if (length == fixedLength) {
                return digest(bytes, offset, length);
            }
            byte[] padded = inScratch ? scratch : scratch(fixedLength);
            if (!inScratch) {
                System.arraycopy(bytes, offset, padded, 0, length);
            } else if (padded.length < fixedLength) {
                padded = java.util.Arrays.copyOf(padded, fixedLength);
                scratch = padded;
            }
            java.util.Arrays.fill(padded, length, fixedLength, (byte) 0);
            return digest(padded, 0, fixedLength);
        }

        private byte[] scratch(int length) {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            return scratch;
        }
    }

    /** cityHash64 of an integer, Date or DateTime: intHash64 of the zero-extended value. */
    private static final class CityIntegerValue extends Value {
        private final IntegerSource source;
        private final long mask;

        CityIntegerValue(IntegerSource source) {
            this.source = source;
            this.mask = source.bits == 64 ? -1L : (1L << source.bits) - 1;
        }

        @Override
        long shardingValue(RowData row) {
            return ClickHouseHashes.cityHash64OfNumber(source.value(row) & mask);
        }
    }

    /** cityHash64 of a Float32/Float64: intHash64 of its raw bits, zero-extended. */
    private static final class CityFloatValue extends Value {
        private final int pos;
        private final String column;
        private final boolean double64;

        CityFloatValue(int pos, String column, boolean double64) {
            this.pos = pos;
            this.column = column;
            this.double64 = double64;
        }

        @Override
        long shardingValue(RowData row) {
            nullCheck(row, pos, column);
            long bits =
                    double64
                            ? Double.doubleToRawLongBits(row.getDouble(pos))
                            : Float.floatToRawIntBits(row.getFloat(pos)) & 0xFFFFFFFFL;
            return ClickHouseHashes.cityHash64OfNumber(bits);
        }
    }

    /**
     * {@code column % N} as ClickHouse computes it: C++ arithmetic on the column's type and the
     * literal's type (smallest UInt holding N): both promoted to at least 32 bits, a signed operand
     * converted to unsigned when the unsigned one is at least as wide; the result typed signed iff
     * the column is, as wide as the literal's type, and then read as a sharding value.
     */
    private static final class ModuloValue extends Value {
        private static final int SIGNED = 0;
        private static final int UNSIGNED_32 = 1;
        private static final int UNSIGNED_64 = 2;

        private final IntegerSource source;
        private final long divisor;
        private final int resultBits;
        private final int arithmetic;

        static ModuloValue of(IntegerSource source, ShardingExpression.Modulo modulo) {
            if (!source.signed
                    && source.bits == 32
                    && Long.compareUnsigned(modulo.divisor(), 0xFFFFFFFFL) > 0) {
                throw refused(
                        modulo,
                        "a UInt32 column modulo a constant above 4294967295 is computed by"
                                + " ClickHouse 18.16 with the divisor cut to 32 bits (e.g."
                                + " toUInt32(1651379178) % 5000000000 gives 18446744065360930794"
                                + " on a column), which other versions need not share; shard by"
                                + " a divisor that fits UInt32");
            }
            return new ModuloValue(source, modulo);
        }

        private ModuloValue(IntegerSource source, ShardingExpression.Modulo modulo) {
            this.source = source;
            this.divisor = modulo.divisor();
            this.resultBits = modulo.divisorBits();
            int aBits = Math.max(32, source.bits);
            boolean aSigned = source.bits < 32 || source.signed;
            int bBits = Math.max(32, resultBits);
            boolean bSigned = resultBits < 32;
            boolean signed;
            if (aSigned == bSigned) {
                signed = aSigned;
            } else {
                int unsignedBits = aSigned ? bBits : aBits;
                int signedBits = aSigned ? aBits : bBits;
                signed = unsignedBits < signedBits;
            }
            int bits = Math.max(aBits, bBits);
            this.arithmetic = signed ? SIGNED : bits == 32 ? UNSIGNED_32 : UNSIGNED_64;
        }

        @Override
        long shardingValue(RowData row) {
            long a = source.value(row);
            long r =
                    switch (arithmetic) {
                        case SIGNED -> a % divisor;
                        case UNSIGNED_32 -> (a & 0xFFFFFFFFL) % divisor;
                        default -> Long.remainderUnsigned(a, divisor);
                    };
            if (resultBits == 64) {
                return r; // Int64 read as UInt64, UInt64 as it is
            }
            int shift = 64 - resultBits;
            if (source.signed) {
                // a signed result of 32 bits or less: sign-extended to 32 bits, read as UInt32
                return ((r << shift) >> shift) & 0xFFFFFFFFL;
            }
            return (r << shift) >>> shift;
        }
    }
}
