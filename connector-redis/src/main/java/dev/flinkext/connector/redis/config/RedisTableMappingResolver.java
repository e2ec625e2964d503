package dev.flinkext.connector.redis.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.Arrays;
import java.util.List;

/**
 * Works out a table's {@link RedisTableMapping} at planning time: refuses the options that do not
 * apply to its 'data-type', picks the key columns ({@link KeyRules}), then applies the rules of the
 * data type's family: {@link StringRules}, {@link HashRules} (HASH, HASH_COUNTER), {@link
 * CollectionRules} (LIST, SET, SORTED_SET), {@link CounterRules}, {@link PublishRules}.
 */
public final class RedisTableMappingResolver {

    private RedisTableMappingResolver() {}

    /**
     * Checks that the table fits {@code data-type} and works out the roles of its columns.
     *
     * @param names the physical columns, in order
     * @param types their types
     * @param primaryKey the PRIMARY KEY columns (empty when none)
     * @param options the table's options
     * @param hasValueFormat whether 'value.format' is set
     * @throws ValidationException naming the option or column that does not fit
     */
    public static RedisTableMapping resolve(
            List<String> names,
            List<LogicalType> types,
            List<String> primaryKey,
            ReadableConfig options,
            boolean hasValueFormat) {
        MappingDraft d = new MappingDraft(names, types, primaryKey, options, hasValueFormat);
        refuseOptionsOfOtherTypes(d);
        KeyRules.apply(d);
        Arrays.stream(d.keyPositions).forEach(d.used::add);
        switch (d.dataType) {
            case STRING:
                StringRules.apply(d);
                break;
            case HASH:
            case HASH_COUNTER:
                HashRules.apply(d);
                break;
            case LIST:
            case SET:
            case SORTED_SET:
                CollectionRules.apply(d);
                break;
            case COUNTER:
                CounterRules.apply(d);
                break;
            case PUBLISH:
                PublishRules.apply(d);
                break;
            default:
                throw new IllegalStateException("Unhandled data type " + d.dataType);
        }
        return d.toMapping();
    }

    /** The options of one data type's family are refused on the others. */
    private static void refuseOptionsOfOtherTypes(MappingDraft d) {
        refuseUnless(
                d,
                RedisConnectorOptions.HASH_FIELD_COLUMN,
                RedisDataType.HASH,
                RedisDataType.HASH_COUNTER);
        refuseUnless(d, RedisConnectorOptions.SCORE_COLUMN, RedisDataType.SORTED_SET);
        refuseUnless(d, RedisConnectorOptions.SCORE_MODE, RedisDataType.SORTED_SET);
        refuseUnless(d, RedisConnectorOptions.LIST_PUSH, RedisDataType.LIST);
        refuseUnless(d, RedisConnectorOptions.PUBLISH_CHANNEL, RedisDataType.PUBLISH);
        if (d.dataType == RedisDataType.PUBLISH) {
            if (d.options.getOptional(RedisConnectorOptions.SINK_TTL).isPresent()) {
                throw d.fail("Option 'sink.ttl' does not apply to 'data-type' = 'PUBLISH'.");
            }
            if (d.options.getOptional(RedisConnectorOptions.PUBLISH_CHANNEL).isPresent()
                    && d.options.getOptional(RedisConnectorOptions.KEY_FIELDS).isPresent()) {
                throw d.fail(
                        "Options 'publish.channel' and 'key.fields' exclude each other: the"
                                + " channel is fixed or comes from the key columns.");
            }
        }
    }

    private static void refuseUnless(
            MappingDraft d, ConfigOption<?> option, RedisDataType... allowed) {
        if (d.options.getOptional(option).isPresent()
                && !Arrays.asList(allowed).contains(d.dataType)) {
            throw d.fail(
                    "Option '"
                            + option.key()
                            + "' applies to 'data-type' "
                            + Arrays.toString(allowed)
                            + ", not to '"
                            + d.dataType
                            + "'.");
        }
    }
}
