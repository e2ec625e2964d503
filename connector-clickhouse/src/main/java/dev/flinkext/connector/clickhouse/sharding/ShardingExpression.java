package dev.flinkext.connector.clickhouse.sharding;

import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Distributed table's sharding expression, in the forms a writer can reproduce exactly: {@code
 * murmurHash3_64(col, ...)}, {@code cityHash64(col, ...)}, {@code intHash64(col)}, {@code col % N}
 * (N a positive integer literal), a bare column, and {@code rand()}. Anything else is refused by
 * {@link #parse} with a {@link ValidationException} naming the expression and saying why.
 */
public sealed interface ShardingExpression extends Serializable {

    /** The expression as written, for messages. */
    String text();

    /** {@code murmurHash3_64(column)}. */
    record MurmurHash3_64(String column, String text) implements ShardingExpression {}

    /** {@code cityHash64(column)} (CityHash v1.0.2, as ClickHouse bundles it). */
    record CityHash64(String column, String text) implements ShardingExpression {}

    /** {@code intHash64(column)}. */
    record IntHash64(String column, String text) implements ShardingExpression {}

    /**
     * {@code column % divisor}; the divisor is an unsigned 64-bit literal (read it with {@link
     * Long#toUnsignedString(long)}), never 0.
     */
    record Modulo(String column, long divisor, String text) implements ShardingExpression {

        /**
         * The width in bits of the literal's ClickHouse type (the smallest of UInt8, UInt16,
         * UInt32, UInt64 that holds it), which is also the width of the modulo's result type.
         */
        public int divisorBits() {
            if (Long.compareUnsigned(divisor, 0xFFL) <= 0) {
                return 8;
            }
            if (Long.compareUnsigned(divisor, 0xFFFFL) <= 0) {
                return 16;
            }
            if (Long.compareUnsigned(divisor, 0xFFFFFFFFL) <= 0) {
                return 32;
            }
            return 64;
        }
    }

    /** A bare integer column. */
    record Column(String column, String text) implements ShardingExpression {}

    /** {@code rand()}: any shard, by weight. */
    record Rand(String text) implements ShardingExpression {}

    /**
     * {@code murmurHash3_64(a, b, ...)} or, with {@code city}, {@code cityHash64(a, b, ...)}: two
     * or more column arguments.
     */
    record HashOfColumns(boolean city, List<String> columns, String text)
            implements ShardingExpression {
        public HashOfColumns {
            columns = List.copyOf(columns);
        }
    }

    /** A column name: an identifier or a back-quoted name. */
    String NAME = "([A-Za-z_][A-Za-z0-9_]*|`(?:[^`\\\\]|\\\\.)*`)";

    /**
     * Parses the expression as {@code system.tables.engine_full} keeps it.
     *
     * @throws ValidationException for every other expression, naming it and why
     */
    static ShardingExpression parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String text = expression.trim();
        Matcher m;
        if ((m = call("murmurHash3_64").matcher(text)).matches()) {
            return new MurmurHash3_64(unquote(m.group(1)), text);
        }
        if ((m = call("intHash64").matcher(text)).matches()) {
            return new IntHash64(unquote(m.group(1)), text);
        }
        if (Pattern.compile("rand\\s*\\(\\s*\\)").matcher(text).matches()) {
            return new Rand(text);
        }
        if ((m = Pattern.compile(NAME + "\\s*%\\s*([0-9]+)").matcher(text)).matches()) {
            long divisor;
            try {
                divisor = Long.parseUnsignedLong(m.group(2));
            } catch (NumberFormatException e) {
                throw refused(text, "the divisor does not fit UInt64");
            }
            if (divisor == 0) {
                throw refused(text, "it divides by zero");
            }
            return new Modulo(unquote(m.group(1)), divisor, text);
        }
        if ((m = Pattern.compile(NAME).matcher(text)).matches()) {
            return new Column(unquote(m.group(1)), text);
        }
        if ((m = call("cityHash64").matcher(text)).matches()) {
            return new CityHash64(unquote(m.group(1)), text);
        }
        for (String function : List.of("murmurHash3_64", "cityHash64")) {
            if ((m = callOfSeveral(function).matcher(text)).matches()) {
                List<String> columns = new ArrayList<>();
                Matcher name = Pattern.compile(NAME).matcher(m.group(1));
                while (name.find()) {
                    columns.add(unquote(name.group(1)));
                }
                return new HashOfColumns(function.equals("cityHash64"), columns, text);
            }
        }
        throw refused(
                text,
                "only murmurHash3_64(col, ...), cityHash64(col, ...), intHash64(col), col % N, a"
                        + " bare integer column and rand() are reproduced, with column arguments");
    }

    /** {@code function(a, b, ...)}: two or more names; group 1 holds them with their commas. */
    private static Pattern callOfSeveral(String function) {
        return Pattern.compile(
                function + "\\s*\\(\\s*(" + NAME + "(?:\\s*,\\s*" + NAME + ")+)\\s*\\)");
    }

    private static Pattern call(String function) {
        return Pattern.compile(function + "\\s*\\(\\s*" + NAME + "\\s*\\)");
    }

    private static String unquote(String name) {
        if (!name.startsWith("`")) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 1; i < name.length() - 1; i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length() - 1) {
                c = name.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static ValidationException refused(String text, String why) {
        return ShardingRefusal.of(text, why);
    }
}
