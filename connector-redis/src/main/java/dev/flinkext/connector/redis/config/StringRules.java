package dev.flinkext.connector.redis.config;

/**
 * STRING: one row per key, so the Redis key is the whole PRIMARY KEY; the value is one column or
 * the encoded row ({@link ValueRules}).
 */
final class StringRules {

    private StringRules() {}

    static void apply(MappingDraft d) {
        // a key narrower than the PRIMARY KEY would let distinct rows overwrite (and their deletes
        // remove) each other
        if (!KeyRules.keyIsThePrimaryKey(d)) {
            throw d.fail(
                    "'data-type' = 'STRING': the Redis key must be the whole PRIMARY KEY "
                            + d.primaryKey
                            + ", but 'key.fields' is "
                            + KeyRules.keyColumns(d)
                            + "; rows differing only in the other columns would"
                            + " overwrite each other.");
        }
        ValueRules.apply(d, "the value");
    }
}
