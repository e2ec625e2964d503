package dev.flinkext.connector.clickhouse.schema;

import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A recursive-descent parser for ClickHouse column type strings as the server reports them in
 * {@code system.columns.type}, e.g. {@code Map(LowCardinality(String), Array(Tuple(UInt8,
 * String)))}. Whitespace between tokens is ignored; string literals are single-quoted with
 * backslash escapes; names in named tuples may be back-quoted.
 *
 * <p>Every error is an {@link IllegalArgumentException} naming the whole type string, the 0-based
 * position and what was expected there.
 */
public final class ClickHouseTypeParser {

    private final String input;
    private int pos;

    private ClickHouseTypeParser(String input) {
        this.input = input;
    }

    /** Parses one type string. */
    public static ClickHouseType parse(String type) {
        if (type == null) {
            throw new IllegalArgumentException("ClickHouse type string is null");
        }
        ClickHouseTypeParser parser = new ClickHouseTypeParser(type);
        ClickHouseType result = parser.type();
        parser.skipSpaces();
        if (parser.pos < type.length()) {
            throw parser.error("end of the type string");
        }
        return result;
    }

    private ClickHouseType type() {
        skipSpaces();
        int start = pos;
        String name = identifier();
        if (name == null) {
            throw error("a type name");
        }
        try {
            return typeNamed(name, start);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(PREFIX)) {
                throw e;
            }
            throw error(start, "valid parameters for " + name + " (" + e.getMessage() + ")");
        }
    }

    private ClickHouseType typeNamed(String name, int start) {
        switch (name) {
            case "Nullable":
                return new ClickHouseType.Nullable(single());
            case "LowCardinality":
                return new ClickHouseType.LowCardinality(single());
            case "Array":
                return new ClickHouseType.Array(single());
            case "Map":
                {
                    expect('(');
                    ClickHouseType key = type();
                    expect(',');
                    ClickHouseType value = type();
                    expect(')');
                    return new ClickHouseType.Map(key, value);
                }
            case "Tuple":
                return new ClickHouseType.Tuple(fields());
            case "Nested":
                return new ClickHouseType.Nested(fields());
            case "FixedString":
                {
                    expect('(');
                    int n = integer();
                    expect(')');
                    return new ClickHouseType.FixedString(n);
                }
            case "DateTime":
                {
                    if (!peek('(')) {
                        return new ClickHouseType.DateTime(Optional.empty());
                    }
                    expect('(');
                    String tz = string();
                    expect(')');
                    return new ClickHouseType.DateTime(Optional.of(tz));
                }
            case "DateTime64":
                {
                    expect('(');
                    int precision = integer();
                    Optional<String> tz = Optional.empty();
                    if (peek(',')) {
                        expect(',');
                        tz = Optional.of(string());
                    }
                    expect(')');
                    return new ClickHouseType.DateTime64(precision, tz);
                }
            case "Decimal":
                {
                    expect('(');
                    int precision = integer();
                    expect(',');
                    int scale = integer();
                    expect(')');
                    return new ClickHouseType.Decimal(precision, scale);
                }
            case "Decimal32":
                return new ClickHouseType.Decimal(9, singleInteger());
            case "Decimal64":
                return new ClickHouseType.Decimal(18, singleInteger());
            case "Decimal128":
                return new ClickHouseType.Decimal(38, singleInteger());
            case "Decimal256":
                return new ClickHouseType.Decimal(76, singleInteger());
            case "Enum8":
                return new ClickHouseType.Enum(8, enumValues());
            case "Enum16":
                return new ClickHouseType.Enum(16, enumValues());
            default:
                for (ClickHouseType.Primitive p : ClickHouseType.Primitive.values()) {
                    if (p.name().equals(name)) {
                        return new ClickHouseType.Basic(p);
                    }
                }
                throw error(start, "a known type name, not '" + name + "'");
        }
    }

    private ClickHouseType single() {
        expect('(');
        ClickHouseType inner = type();
        expect(')');
        return inner;
    }

    private int singleInteger() {
        expect('(');
        int n = integer();
        expect(')');
        return n;
    }

    /** {@code (T1, T2)} or {@code (a T1, b T2)}. */
    private List<Field> fields() {
        expect('(');
        List<Field> fields = new ArrayList<>();
        do {
            fields.add(field());
        } while (comma());
        expect(')');
        return fields;
    }

    private Field field() {
        skipSpaces();
        int start = pos;
        String name;
        if (peek('`')) {
            name = quoted('`');
            return ClickHouseType.field(name, type());
        }
        name = identifier();
        if (name == null) {
            throw error("a type or an element name");
        }
        skipSpaces();
        // "a T" — a name followed by a type; otherwise the identifier began the type itself
        if (pos < input.length() && isIdentifierStart(input.charAt(pos))) {
            return ClickHouseType.field(name, type());
        }
        pos = start;
        return ClickHouseType.field(type());
    }

    private List<ClickHouseType.EnumValue> enumValues() {
        expect('(');
        List<ClickHouseType.EnumValue> values = new ArrayList<>();
        do {
            String name = string();
            expect('=');
            values.add(new ClickHouseType.EnumValue(name, integer()));
        } while (comma());
        expect(')');
        return values;
    }

    private boolean comma() {
        if (peek(',')) {
            pos++;
            return true;
        }
        return false;
    }

    private String identifier() {
        skipSpaces();
        int start = pos;
        if (pos < input.length() && isIdentifierStart(input.charAt(pos))) {
            pos++;
            while (pos < input.length() && isIdentifierPart(input.charAt(pos))) {
                pos++;
            }
            return input.substring(start, pos);
        }
        return null;
    }

    private int integer() {
        skipSpaces();
        int start = pos;
        if (pos < input.length() && (input.charAt(pos) == '-' || input.charAt(pos) == '+')) {
            pos++;
        }
        int digits = pos;
        while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            pos = start;
            throw error("an integer");
        }
        try {
            return Integer.parseInt(input.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error(start, "an integer in the int range");
        }
    }

    private String string() {
        skipSpaces();
        if (!peek('\'')) {
            throw error("a quoted string");
        }
        return quoted('\'');
    }

    /** Reads a {@code quote}-delimited literal at {@code pos} with backslash escapes. */
    private String quoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= input.length()) {
                break;
            }
            char e = input.charAt(pos++);
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case '0' -> sb.append('\0');
                case 'a' -> sb.append('\u0007');
                case 'v' -> sb.append('\u000B');
                default -> sb.append(e);
            }
        }
        throw error(start, "a closing " + quote + " for the literal starting here");
    }

    private void expect(char c) {
        skipSpaces();
        if (pos >= input.length() || input.charAt(pos) != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private boolean peek(char c) {
        skipSpaces();
        return pos < input.length() && input.charAt(pos) == c;
    }

    private void skipSpaces() {
        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }

    private static final String PREFIX = "Cannot parse ClickHouse type ";

    private IllegalArgumentException error(String expected) {
        return error(pos, expected);
    }

    private IllegalArgumentException error(int at, String expected) {
        String found =
                at >= input.length()
                        ? "the end"
                        : "'" + input.substring(at, Math.min(input.length(), at + 10)) + "'";
        return new IllegalArgumentException(
                PREFIX
                        + "'"
                        + input
                        + "' at position "
                        + at
                        + ": expected "
                        + expected
                        + ", found "
                        + found);
    }
}
