package dev.flinkext.connector.redis.config;

/**
 * LIST, SET and SORTED_SET: each row is one member of the collection under its key; a sorted-set
 * member also has a numeric score column ('score.column') outside the key.
 */
final class CollectionRules {

    private CollectionRules() {}

    static void apply(MappingDraft d) {
        switch (d.dataType) {
            case LIST:
            case SET:
                ValueRules.apply(d, "the value");
                break;
            case SORTED_SET:
                d.scorePosition =
                        d.column(
                                d.require(RedisConnectorOptions.SCORE_COLUMN),
                                RedisConnectorOptions.SCORE_COLUMN);
                d.requireNumeric(d.scorePosition, "a sorted-set score");
                if (d.used.contains(d.scorePosition)) {
                    throw d.fail(
                            "Column '"
                                    + d.names.get(d.scorePosition)
                                    + "' cannot be both part of the key and the score.");
                }
                d.used.add(d.scorePosition);
                ValueRules.apply(d, "the member");
                break;
            default:
                throw new IllegalStateException("Not a collection: " + d.dataType);
        }
    }
}
