package dev.flinkext.catalog.kudu;

import org.apache.flink.table.api.ValidationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text of the range options: split points ({@code partition.range.bounds}: {@code
 * 100,200} or, for several range columns, tuples {@code (1, 'a'), (2, 'b')}) and explicit ranges
 * ({@code partition.range.partitions}) in the form Impala's {@code PARTITION} clauses and Kudu's
 * {@code kudu table describe} use: {@code lower <= VALUES < upper}, {@code VALUES < upper}, {@code
 * lower <= VALUES} or {@code VALUES >= lower}, {@code VALUE = v} (a range of one value) and {@code
 * UNBOUNDED}, comma-separated. A value is a literal, unquoted or in single or double quotes (to
 * hold a comma, a parenthesis or spaces at its ends; inside quotes a backslash escapes as in Kudu's
 * output, {@code \'}, {@code \"}, {@code \n}, ..., and a doubled quote stands for one); a bound of
 * several range columns is a tuple of values.
 *
 * <p>Values stay text here; {@link KuduRangeRows} turns them into Kudu rows of the column types.
 */
final class KuduRangeSyntax {

    /**
     * A range [lower, upper), or [lower, upper] when {@code upperInclusive} (Impala's {@code VALUE
     * = v}); {@code null} for an unbounded side.
     */
    record TextRange(List<String> lower, List<String> upper, boolean upperInclusive) {

        TextRange(List<String> lower, List<String> upper) {
            this(lower, upper, false);
        }
    }

    private final String option;
    private final String text;
    private final int arity;
    private final String hint;
    private int pos;

    private KuduRangeSyntax(String option, String text, int arity, String hint) {
        this.option = option;
        this.text = text;
        this.arity = arity;
        this.hint = hint;
    }

    /** Split points, each a bound of {@code arity} values. */
    static List<List<String>> splitPoints(String option, String text, int arity) {
        KuduRangeSyntax parser =
                new KuduRangeSyntax(
                        option,
                        text,
                        arity,
                        "split points are values, comma-separated: '100,200'; on several range"
                                + " columns tuples: '(1, a), (2, b)'");
        List<List<String>> points = new ArrayList<>();
        parser.skipSpace();
        while (!parser.atEnd()) {
            points.add(parser.bound());
            parser.separator();
        }
        return points;
    }

    /** Explicit ranges, each bound of {@code arity} values. */
    static List<TextRange> ranges(String option, String text, int arity) {
        KuduRangeSyntax parser =
                new KuduRangeSyntax(
                        option,
                        text,
                        arity,
                        "ranges are written as in Impala and 'kudu table describe': 'lower <="
                                + " VALUES < upper', 'VALUES < upper', 'lower <= VALUES', 'VALUE ="
                                + " v', comma-separated; a bound on several range columns is a tuple"
                                + " (v1, v2)");
        List<TextRange> ranges = new ArrayList<>();
        parser.skipSpace();
        while (!parser.atEnd()) {
            ranges.add(parser.range());
            parser.separator();
        }
        if (ranges.isEmpty()) {
            throw parser.malformed("no range");
        }
        return ranges;
    }

    private TextRange range() {
        if (keyword("UNBOUNDED")) {
            return new TextRange(null, null);
        }
        if (keyword("VALUE")) {
            expect("=");
            List<String> value = bound();
            return new TextRange(value, value, true);
        }
        if (keyword("VALUES")) {
            if (symbol(">=")) {
                return new TextRange(bound(), null);
            }
            expect("<");
            return new TextRange(null, bound());
        }
        List<String> lower = bound();
        expect("<=");
        if (!keyword("VALUES")) {
            throw malformed("expected VALUES after '<='");
        }
        if (symbol("<")) {
            return new TextRange(lower, bound());
        }
        return new TextRange(lower, null);
    }

    private List<String> bound() {
        List<String> values = new ArrayList<>();
        if (symbol("(")) {
            values.add(value());
            while (symbol(",")) {
                values.add(value());
            }
            expect(")");
        } else {
            values.add(value());
        }
        if (values.size() != arity) {
            throw malformed(
                    "the bound "
                            + (values.size() == 1 ? values.get(0) : "(" + values + ")")
                            + " has "
                            + values.size()
                            + " value(s), the range columns need "
                            + arity
                            + (arity > 1 ? " as a tuple (v1, v2, ...)" : ""));
        }
        return values;
    }

    private String value() {
        skipSpace();
        if (atEnd()) {
            throw malformed("expected a value");
        }
        char quote = text.charAt(pos);
        if (quote == '\'' || quote == '"') {
            StringBuilder value = new StringBuilder();
            pos++;
            while (true) {
                if (atEnd()) {
                    throw malformed("unterminated quoted value");
                }
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    value.append(unescape(text.charAt(pos++)));
                } else if (c == quote) {
                    if (pos < text.length() && text.charAt(pos) == quote) {
                        value.append(quote); // a doubled quote stands for itself
                        pos++;
                    } else {
                        break;
                    }
                } else {
                    value.append(c);
                }
            }
            skipSpace();
            return value.toString();
        }
        int start = pos;
        while (!atEnd() && ",()<>=\"'".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String value = text.substring(start, pos).trim();
        if (value.isEmpty()) {
            throw malformed("expected a value");
        }
        return value;
    }

    /** The character of a backslash escape, as Kudu writes them in {@code describe} output. */
    private static char unescape(char c) {
        return switch (c) {
            case '0' -> '\0';
            case 'b' -> '\b';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'Z' -> (char) 26; // MySQL's escape for Ctrl-Z, which Kudu also writes
            default -> c;
        };
    }

    /** Between two items: a comma, or the end. */
    private void separator() {
        if (!symbol(",") && !atEnd()) {
            throw malformed("expected ',' or the end");
        }
        skipSpace();
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (end <= text.length()
                && text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            skipSpace();
            return true;
        }
        return false;
    }

    private boolean symbol(String symbol) {
        skipSpace();
        if (text.startsWith(symbol, pos) && !(symbol.equals("<") && text.startsWith("<=", pos))) {
            pos += symbol.length();
            skipSpace();
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!symbol(symbol)) {
            throw malformed("expected '" + symbol + "'");
        }
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private ValidationException malformed(String what) {
        return new ValidationException(
                "'"
                        + option
                        + "' = '"
                        + text
                        + "' is malformed at character "
                        + (pos + 1)
                        + ": "
                        + what
                        + "; "
                        + hint
                        + ".");
    }
}
