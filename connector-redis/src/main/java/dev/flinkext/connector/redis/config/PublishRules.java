package dev.flinkext.connector.redis.config;

/**
 * PUBLISH: each row is one message, on the fixed 'publish.channel' or else on the channel its key
 * columns name. (Which options PUBLISH refuses, {@link RedisTableMappingResolver} checks first.)
 */
final class PublishRules {

    private PublishRules() {}

    static void apply(MappingDraft d) {
        d.publishChannel =
                d.options.getOptional(RedisConnectorOptions.PUBLISH_CHANNEL).orElse(null);
        ValueRules.apply(d, "the message");
    }
}
