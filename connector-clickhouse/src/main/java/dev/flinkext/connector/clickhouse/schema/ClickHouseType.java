package dev.flinkext.connector.clickhouse.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable ClickHouse column type. {@link #toString()} renders the canonical type string, the
 * way the server writes it in {@code system.columns.type}, so that {@code
 * ClickHouseTypeParser.parse(s).toString().equals(s)} for the server's own strings.
 *
 * <p>{@code Decimal32(S)} .. {@code Decimal256(S)} are normalized to {@link Decimal} with precision
 * 9, 18, 38 or 76, rendered {@code Decimal(P, S)} as the server itself reports them.
 */
public sealed interface ClickHouseType {

    /** Types without parameters. Constant names are the ClickHouse type names. */
    enum Primitive {
        Int8,
        Int16,
        Int32,
        Int64,
        Int128,
        Int256,
        UInt8,
        UInt16,
        UInt32,
        UInt64,
        UInt128,
        UInt256,
        Float32,
        Float64,
        String,
        Date,
        Date32,
        UUID,
        Bool,
        IPv4,
        IPv6,
        Nothing
    }

    /** A type without parameters, such as {@code UInt64} or {@code String}. */
    record Basic(Primitive primitive) implements ClickHouseType {
        public Basic {
            Objects.requireNonNull(primitive, "primitive");
        }

        @Override
        public String toString() {
            return primitive.name();
        }
    }

    /** {@code FixedString(n)}. */
    record FixedString(int length) implements ClickHouseType {
        public FixedString {
            if (length <= 0) {
                throw new IllegalArgumentException(
                        "FixedString length must be positive: " + length);
            }
        }

        @Override
        public String toString() {
            return "FixedString(" + length + ")";
        }
    }

    /** {@code DateTime} or {@code DateTime('tz')}. */
    record DateTime(Optional<String> timeZone) implements ClickHouseType {
        public DateTime {
            Objects.requireNonNull(timeZone, "timeZone");
        }

        @Override
        public String toString() {
            return timeZone.map(tz -> "DateTime(" + quote(tz) + ")").orElse("DateTime");
        }
    }

    /** {@code DateTime64(p)} or {@code DateTime64(p, 'tz')}, precision 0..9. */
    record DateTime64(int precision, Optional<String> timeZone) implements ClickHouseType {
        public DateTime64 {
            if (precision < 0 || precision > 9) {
                throw new IllegalArgumentException(
                        "DateTime64 precision must be in 0..9: " + precision);
            }
            Objects.requireNonNull(timeZone, "timeZone");
        }

        @Override
        public String toString() {
            return "DateTime64("
                    + precision
                    + timeZone.map(tz -> ", " + quote(tz)).orElse("")
                    + ")";
        }
    }

    /** {@code Decimal(P, S)}, precision 1..76, scale 0..P. */
    record Decimal(int precision, int scale) implements ClickHouseType {
        public Decimal {
            if (precision < 1 || precision > 76) {
                throw new IllegalArgumentException(
                        "Decimal precision must be in 1..76: " + precision);
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException(
                        "Decimal scale must be in 0.." + precision + ": " + scale);
            }
        }

        @Override
        public String toString() {
            return "Decimal(" + precision + ", " + scale + ")";
        }
    }

    /** One {@code 'name' = value} of an {@link Enum}. */
    record EnumValue(String name, int value) {
        public EnumValue {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return quote(name) + " = " + value;
        }
    }

    /** {@code Enum8(...)} ({@code bits} 8) or {@code Enum16(...)} ({@code bits} 16). */
    record Enum(int bits, List<EnumValue> values) implements ClickHouseType {
        public Enum {
            if (bits != 8 && bits != 16) {
                throw new IllegalArgumentException("Enum bits must be 8 or 16: " + bits);
            }
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Enum" + bits + " needs at least one value");
            }
            int min = bits == 8 ? Byte.MIN_VALUE : Short.MIN_VALUE;
            int max = bits == 8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
            for (EnumValue v : values) {
                if (v.value() < min || v.value() > max) {
                    throw new IllegalArgumentException(
                            "Enum" + bits + " value out of " + min + ".." + max + ": " + v);
                }
            }
        }

        @Override
        public String toString() {
            return "Enum" + bits + "(" + join(values) + ")";
        }
    }

    /** {@code Nullable(T)}. */
    record Nullable(ClickHouseType inner) implements ClickHouseType {
        public Nullable {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String toString() {
            return "Nullable(" + inner + ")";
        }
    }

    /** {@code LowCardinality(T)}. */
    record LowCardinality(ClickHouseType inner) implements ClickHouseType {
        public LowCardinality {
            Objects.requireNonNull(inner, "inner");
        }

        @Override
        public String toString() {
            return "LowCardinality(" + inner + ")";
        }
    }

    /** {@code Array(T)}. */
    record Array(ClickHouseType element) implements ClickHouseType {
        public Array {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String toString() {
            return "Array(" + element + ")";
        }
    }

    /** {@code Map(K, V)}. */
    record Map(ClickHouseType key, ClickHouseType value) implements ClickHouseType {
        public Map {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Map(" + key + ", " + value + ")";
        }
    }

    /** One element of a {@link Tuple} or {@link Nested}; {@code name} is empty when unnamed. */
    record Field(Optional<String> name, ClickHouseType type) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return name.map(n -> identifier(n) + " " + type).orElse(type.toString());
        }
    }

    /** {@code Tuple(T1, T2)} or named {@code Tuple(a T1, b T2)}: all named or none. */
    record Tuple(List<Field> fields) implements ClickHouseType {
        public Tuple {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("Tuple needs at least one element");
            }
            long named = fields.stream().filter(f -> f.name().isPresent()).count();
            if (named != 0 && named != fields.size()) {
                throw new IllegalArgumentException(
                        "Tuple elements must be all named or all unnamed: " + fields);
            }
        }

        @Override
        public String toString() {
            return "Tuple(" + join(fields) + ")";
        }
    }

    /**
     * {@code Nested(a T1, b T2)} as newer servers report it with {@code flatten_nested = 0}; older
     * ones (18.16) report a Nested column as separate {@code n.a Array(T1)} columns instead.
     */
    record Nested(List<Field> fields) implements ClickHouseType {
        public Nested {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("Nested needs at least one element");
            }
            if (fields.stream().anyMatch(f -> f.name().isEmpty())) {
                throw new IllegalArgumentException("Nested elements must be named: " + fields);
            }
        }

        @Override
        public String toString() {
            return "Nested(" + join(fields) + ")";
        }
    }

    /** Shorthand for {@code new Basic(primitive)}. */
    static ClickHouseType of(Primitive primitive) {
        return new Basic(primitive);
    }

    /** Shorthand for an unnamed {@link Field}. */
    static Field field(ClickHouseType type) {
        return new Field(Optional.empty(), type);
    }

    /** Shorthand for a named {@link Field}. */
    static Field field(String name, ClickHouseType type) {
        return new Field(Optional.of(name), type);
    }

    /** A single-quoted ClickHouse string literal, escaping as the server does. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    private static String identifier(String name) {
        if (isPlainIdentifier(name)) {
            return name;
        }
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    private static String join(List<?> items) {
        return items.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    /** Whether {@code name} is {@code [A-Za-z_][A-Za-z0-9_]*}, written without backquotes. */
    static boolean isPlainIdentifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
