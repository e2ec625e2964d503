package dev.flinkext.connector.redis.config;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * HASH and HASH_COUNTER: either a field column ('hash.field-column') plus one value column, each
 * row one field of one hash, or one field per non-key column, each row a whole hash. Values are
 * single columns (no value format); a HASH_COUNTER's are numeric.
 */
final class HashRules {

    private HashRules() {}

    static void apply(MappingDraft d) {
        d.refuseValueFormat();
        Optional<String> fieldColumn =
                d.options.getOptional(RedisConnectorOptions.HASH_FIELD_COLUMN);
        if (fieldColumn.isPresent()) {
            withFieldColumn(d, fieldColumn.get());
        } else {
            fieldPerColumn(d);
        }
    }

    private static void withFieldColumn(MappingDraft d, String fieldColumn) {
        boolean counter = d.dataType == RedisDataType.HASH_COUNTER;
        d.fieldPosition = d.column(fieldColumn, RedisConnectorOptions.HASH_FIELD_COLUMN);
        if (d.used.contains(d.fieldPosition)) {
            throw d.fail(
                    "Column '"
                            + fieldColumn
                            + "' cannot be both part of the key and the hash field.");
        }
        d.requireText(d.fieldPosition, "a hash field");
        d.used.add(d.fieldPosition);
        // the upsert key must be (redis key, field): each row is one field of one hash
        if (!d.primaryKey.isEmpty()) {
            Set<String> expected = new LinkedHashSet<>(KeyRules.keyColumns(d));
            expected.add(d.names.get(d.fieldPosition));
            if (!new LinkedHashSet<>(d.primaryKey).equals(expected)) {
                throw d.fail(
                        "With 'hash.field-column' = '"
                                + fieldColumn
                                + "' the PRIMARY KEY must be the key columns plus the field"
                                + " column "
                                + expected
                                + ", got "
                                + d.primaryKey
                                + " (set 'key.fields' to the key columns).");
            }
        }
        ValueRules.apply(d, counter ? "the amount" : "the field value");
        if (counter) {
            d.requireNumeric(d.valuePosition, "a hash counter amount");
        }
    }

    private static void fieldPerColumn(MappingDraft d) {
        boolean counter = d.dataType == RedisDataType.HASH_COUNTER;
        if (d.options.getOptional(RedisConnectorOptions.VALUE_COLUMN).isPresent()) {
            throw d.fail(
                    "Option 'value.column' needs 'hash.field-column' with 'data-type' = '"
                            + d.dataType
                            + "'; without it every non-key column is a hash field.");
        }
        if (d.dataType == RedisDataType.HASH && !KeyRules.keyIsThePrimaryKey(d)) {
            throw d.fail(
                    "'data-type' = 'HASH' with one field per column: the Redis key is the"
                            + " whole PRIMARY KEY "
                            + d.primaryKey
                            + "; 'key.fields' must not differ (or set"
                            + " 'hash.field-column').");
        }
        d.hashFieldPositions =
                IntStream.range(0, d.names.size()).filter(i -> !d.used.contains(i)).toArray();
        if (d.hashFieldPositions.length == 0) {
            throw d.fail(
                    "'data-type' = '"
                            + d.dataType
                            + "' needs at least one column besides the key columns.");
        }
        for (int position : d.hashFieldPositions) {
            if (counter) {
                d.requireNumeric(position, "a hash counter amount");
            } else {
                d.requireText(position, "a hash field value");
            }
        }
    }
}
