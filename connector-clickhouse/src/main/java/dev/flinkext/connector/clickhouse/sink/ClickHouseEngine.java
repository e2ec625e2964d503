package dev.flinkext.connector.clickhouse.sink;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table engine as {@code system.tables.engine_full} shows it, read for the changelog strategies:
 * the engine's name without {@code Replicated}, its parameters (without a replicated engine's
 * ZooKeeper path and replica, and, in the old syntax {@code Engine(date, key, granularity, ...)},
 * only those after the index granularity) and the sorting key's columns.
 *
 * @param name e.g. {@code ReplacingMergeTree} (also for {@code ReplicatedReplacingMergeTree})
 * @param parameters the engine's own parameters, e.g. {@code [sign, ver]}, as written
 * @param sortingKey the ORDER BY columns, or null when they are not plain column names
 * @param full the engine as the server shows it, for messages
 */
record ClickHouseEngine(
        String name, List<String> parameters, @Nullable List<String> sortingKey, String full)
        implements Serializable {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INTEGER = Pattern.compile("[0-9]+");

    static ClickHouseEngine parse(String engineFull) {
        String text = engineFull.strip();
        int i = 0;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)))) {
            i++;
        }
        String name = text.substring(0, i);
        List<String> args = new ArrayList<>();
        String rest = text.substring(i);
        if (rest.startsWith("(")) {
            int close = closing(rest, 0);
            args = splitTopLevel(rest.substring(1, close));
            rest = rest.substring(close + 1);
        }
        if (name.startsWith("Replicated") && name.length() > "Replicated".length()) {
            name = name.substring("Replicated".length());
            if (args.size() >= 2 && args.get(0).startsWith("'") && args.get(1).startsWith("'")) {
                args = args.subList(2, args.size());
            }
        }
        List<String> sortingKey = null;
        int orderBy = rest.indexOf(" ORDER BY ");
        if (orderBy >= 0) {
            String key = rest.substring(orderBy + " ORDER BY ".length());
            for (String clause :
                    new String[] {" PRIMARY KEY ", " SAMPLE BY ", " TTL ", " SETTINGS "}) {
                int end = key.indexOf(clause);
                if (end >= 0) {
                    key = key.substring(0, end);
                }
            }
            sortingKey = columns(key.strip());
        } else {
            // old syntax: Engine(date[, sampling], key, granularity[, engine parameters])
            for (int g = 0; g < args.size(); g++) {
                if (INTEGER.matcher(args.get(g)).matches()) {
                    sortingKey = g > 0 ? columns(args.get(g - 1)) : null;
                    args = args.subList(g + 1, args.size());
                    break;
                }
            }
        }
        return new ClickHouseEngine(
                name,
                List.copyOf(args.stream().map(ClickHouseEngine::unquote).toList()),
                sortingKey,
                engineFull);
    }

    /** {@code (a, b)} or {@code a} → [a, b]; null when a part is an expression. */
    @Nullable
    private static List<String> columns(String key) {
        String inner = key;
        if (inner.startsWith("(") && closing(inner, 0) == inner.length() - 1) {
            inner = inner.substring(1, inner.length() - 1);
        } else if (inner.startsWith("tuple(") && inner.endsWith(")")) {
            inner = inner.substring("tuple(".length(), inner.length() - 1);
        }
        List<String> columns = new ArrayList<>();
        for (String part : splitTopLevel(inner)) {
            String name = unquote(part);
            if (!IDENTIFIER.matcher(name).matches()) {
                return null;
            }
            columns.add(name);
        }
        return columns;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("`") && s.endsWith("`")
                ? s.substring(1, s.length() - 1)
                : s;
    }

    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        return s.length() - 1;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!s.isBlank()) {
            parts.add(s.substring(start).strip());
        }
        return parts;
    }
}
