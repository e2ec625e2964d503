package dev.flinkext.common.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL script into statements at the semicolons that end them: semicolons inside 'strings',
 * "identifiers", `identifiers`, -- line comments and block comments do not count, nor do those
 * inside an {@code EXECUTE STATEMENT SET BEGIN ... END} block. Statements keep their text (comments
 * included); parts that hold only comments or blanks are dropped.
 */
public final class SqlScript {

    private SqlScript() {}

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder text = new StringBuilder(); // as written
        StringBuilder code = new StringBuilder(); // without comments, to inspect it
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : 0;
            int end;
            if (c == '-' && next == '-') {
                end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                code.append(' ');
            } else if (c == '/' && next == '*') {
                end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                code.append(' ');
            } else if (c == '\'' || c == '"' || c == '`') {
                end = endOfQuoted(script, i);
                code.append(script, i, end);
            } else if (c == ';' && !insideOpenStatementSet(code)) {
                if (!code.toString().isBlank()) {
                    statements.add(text.toString().trim());
                }
                text.setLength(0);
                code.setLength(0);
                i++;
                continue;
            } else {
                end = i + 1;
                code.append(c);
            }
            text.append(script, i, end);
            i = end;
        }
        if (!code.toString().isBlank()) {
            statements.add(text.toString().trim());
        }
        return statements;
    }

    /** The index after the quote that closes the one at {@code start}; doubled quotes escape. */
    private static int endOfQuoted(String script, int start) {
        char quote = script.charAt(start);
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    private static boolean insideOpenStatementSet(CharSequence code) {
        String words = code.toString().trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return words.startsWith("EXECUTE STATEMENT SET") && !words.matches("(?s).*\\bEND$");
    }
}
