package dev.flinkext.connector.redis.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of the Redis key, for every data type: the key columns are 'key.fields' or else the
 * PRIMARY KEY, text-typed, and part of the PRIMARY KEY when there is one. Upsert types (STRING,
 * HASH) need a PRIMARY KEY; PUBLISH with a fixed channel needs no key.
 */
final class KeyRules {

    private KeyRules() {}

    static void apply(MappingDraft d) {
        Optional<List<String>> keyFields = d.options.getOptional(RedisConnectorOptions.KEY_FIELDS);
        if (d.dataType.isUpsert() && d.primaryKey.isEmpty()) {
            throw d.fail(
                    "'data-type' = '"
                            + d.dataType
                            + "' needs a PRIMARY KEY: its columns form the Redis key"
                            + " (declare e.g. PRIMARY KEY (id) NOT ENFORCED).");
        }
        // Flink separates list entries by ';'; commas are accepted as well
        List<String> keyColumns =
                keyFields
                        .map(
                                fields ->
                                        fields.stream()
                                                .flatMap(f -> Arrays.stream(f.split(",")))
                                                .map(String::trim)
                                                .filter(f -> !f.isEmpty())
                                                .toList())
                        .orElse(d.primaryKey);
        if (keyColumns.isEmpty()
                && d.dataType == RedisDataType.PUBLISH
                && d.options.getOptional(RedisConnectorOptions.PUBLISH_CHANNEL).isPresent()) {
            d.keyPositions = new int[0]; // a fixed channel needs no key
            return;
        }
        if (keyColumns.isEmpty()) {
            throw d.fail(
                    "'data-type' = '"
                            + d.dataType
                            + "' needs key columns: declare a PRIMARY KEY or set option '"
                            + RedisConnectorOptions.KEY_FIELDS.key()
                            + "'.");
        }
        int[] positions =
                keyColumns.stream()
                        .mapToInt(c -> d.column(c.trim(), RedisConnectorOptions.KEY_FIELDS))
                        .toArray();
        if (Arrays.stream(positions).distinct().count() != positions.length) {
            throw d.fail("Option 'key.fields' names a column twice: " + keyColumns + ".");
        }
        d.keyPositions = positions;
        for (int position : positions) {
            d.requireText(position, "a key");
        }
        if (!d.primaryKey.isEmpty() && !d.primaryKey.containsAll(Set.copyOf(keyColumns))) {
            throw d.fail(
                    "Option 'key.fields' "
                            + keyColumns
                            + " must be columns of the PRIMARY KEY "
                            + d.primaryKey
                            + ".");
        }
    }

    /** The key columns' names, in key order. */
    static List<String> keyColumns(MappingDraft d) {
        return Arrays.stream(d.keyPositions).mapToObj(d.names::get).toList();
    }

    /** Whether the key columns are exactly the PRIMARY KEY's (in any order). */
    static boolean keyIsThePrimaryKey(MappingDraft d) {
        return new LinkedHashSet<>(keyColumns(d)).equals(Set.copyOf(d.primaryKey));
    }
}
