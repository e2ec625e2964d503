package dev.flinkext.testing.clickhouse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Parses ClickHouse's TabSeparated output: rows by '\n', cells by '\t', backslash escapes. */
public final class TabSeparated {

    private TabSeparated() {}

    /** The rows of {@code body}; {@code \N} (SQL NULL) becomes {@code null}. */
    public static List<List<String>> parse(String body) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean nullCell = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                if (next == 'N' && cell.length() == 0) {
                    nullCell = true;
                } else {
                    cell.append(unescape(next));
                }
            } else if (c == '\t' || c == '\n') {
                row.add(nullCell ? null : cell.toString());
                cell.setLength(0);
                nullCell = false;
                if (c == '\n') {
                    rows.add(Collections.unmodifiableList(row));
                    row = new ArrayList<>();
                }
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || nullCell || !row.isEmpty()) {
            row.add(nullCell ? null : cell.toString());
            rows.add(Collections.unmodifiableList(row));
        }
        return Collections.unmodifiableList(rows);
    }

    private static char unescape(char c) {
        switch (c) {
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'r':
                return '\r';
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case '0':
                return '\0';
            default:
                return c; // \\ \' and anything else stand for themselves
        }
    }
}
