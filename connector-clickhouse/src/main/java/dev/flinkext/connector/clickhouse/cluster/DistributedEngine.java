package dev.flinkext.connector.clickhouse.cluster;

import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The arguments of a {@code Distributed(cluster, database, table[, sharding_key[, policy]])}
 * engine, parsed from {@code system.tables.engine_full} (18.16 keeps there the arguments as they
 * were written: identifiers, quoted strings, or {@code currentDatabase()}).
 *
 * @param cluster the {@code remote_servers} cluster
 * @param remoteDatabase the database of the local tables
 * @param remoteTable the local table on every shard
 * @param shardingKey the sharding expression's text as the server keeps it; empty without one (such
 *     a table accepts inserts only on a single-shard cluster)
 */
public record DistributedEngine(
        String cluster, String remoteDatabase, String remoteTable, Optional<String> shardingKey)
        implements Serializable {

    public DistributedEngine {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(remoteDatabase, "remoteDatabase");
        Objects.requireNonNull(remoteTable, "remoteTable");
        Objects.requireNonNull(shardingKey, "shardingKey");
    }

    /**
     * Parses an {@code engine_full} text; {@code ownDatabase} is the Distributed table's own
     * database, which {@code currentDatabase()} stands for.
     *
     * @throws ValidationException when it is not a Distributed engine or an argument is not a name
     */
    public static DistributedEngine parse(String engineFull, String ownDatabase) {
        String text = engineFull.trim();
        if (!text.startsWith("Distributed(")) {
            throw new ValidationException("Not a Distributed table engine: '" + engineFull + "'");
        }
        List<String> args = splitArguments(text, "Distributed(".length(), engineFull);
        if (args.size() < 3) {
            throw new ValidationException(
                    "A Distributed engine needs cluster, database and table: '" + engineFull + "'");
        }
        String cluster = name(args.get(0), engineFull, null);
        String database = name(args.get(1), engineFull, ownDatabase);
        String table = name(args.get(2), engineFull, null);
        Optional<String> key = args.size() > 3 ? Optional.of(args.get(3)) : Optional.empty();
        return new DistributedEngine(cluster, database, table, key);
    }

    /** The top-level comma-separated arguments from {@code start} to the matching ')'. */
    private static List<String> splitArguments(String text, int start, String original) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int from = start;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                i = closingQuote(text, i, original);
            } else if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(from, i).trim());
                from = i + 1;
            } else if (c == ')') {
                args.add(text.substring(from, i).trim());
                return args;
            }
        }
        throw new ValidationException(
                "Unbalanced Distributed engine arguments: '" + original + "'");
    }

    /** The index of the quote closing the one at {@code open} (backslash escapes). */
    static int closingQuote(String text, int open, String original) {
        char quote = text.charAt(open);
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        throw new ValidationException("Unclosed quote in '" + original + "'");
    }

    private static String name(String arg, String original, String currentDatabaseOrNull) {
        if (arg.length() >= 2
                && (arg.charAt(0) == '\'' || arg.charAt(0) == '`' || arg.charAt(0) == '"')
                && closingQuote(arg, 0, original) == arg.length() - 1) {
            return unescape(arg.substring(1, arg.length() - 1));
        }
        if (currentDatabaseOrNull != null && arg.replace(" ", "").equals("currentDatabase()")) {
            return currentDatabaseOrNull;
        }
        if (arg.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return arg;
        }
        throw new ValidationException(
                "Cannot read the Distributed engine argument '"
                        + arg
                        + "' as a name in '"
                        + original
                        + "' (a name, a quoted string or currentDatabase() is expected).");
    }

    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
