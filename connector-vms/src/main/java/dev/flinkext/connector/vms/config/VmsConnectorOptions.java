package dev.flinkext.connector.vms.config;

import dev.flinkext.connector.vms.envelope.MessageFormat;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;

/** Every option of {@code 'connector' = 'vms'}. */
public final class VmsConnectorOptions {

    /** Prefix of the registry's own settings, e.g. {@code vms.registry.file}. */
    public static final String REGISTRY_PREFIX = "vms.registry.";

    /** Prefix of Kafka client settings passed through, as in Flink's Kafka connector. */
    public static final String PROPERTIES_PREFIX = "properties.";

    public static final ConfigOption<String> APP =
            ConfigOptions.key("vms.app")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The application that owns the stream, as the registry names it.");

    public static final ConfigOption<String> STREAM =
            ConfigOptions.key("vms.stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The logical stream of vms.app; the registry resolves it to a cluster"
                                    + " and a topic at planning time.");

    public static final ConfigOption<String> REGISTRY =
            ConfigOptions.key("vms.registry")
                    .stringType()
                    .defaultValue("file")
                    .withDescription(
                            "Which registry resolves streams: 'file' (built in, see"
                                    + " vms.registry.file) or the identifier of a"
                                    + " StreamRegistryFactory on the class path. Its settings are"
                                    + " the options vms.registry.<key>.");

    public static final ConfigOption<String> REGISTRY_FILE =
            ConfigOptions.key(REGISTRY_PREFIX + "file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "For 'vms.registry' = 'file': the registry file (YAML, or JSON when it"
                                    + " ends with .json), as a path or a URL (file:, http:, https:).");

    public static final ConfigOption<MessageFormat> MESSAGE_FORMAT =
            ConfigOptions.key("vms.message-format")
                    .enumType(MessageFormat.class)
                    .noDefaultValue()
                    .withDescription(
                            "The payload format: 'string' (Flink's raw format), 'json', 'csv' or 'pb'."
                                    + " That format's own options pass through with its prefix"
                                    + " (raw., json., csv., pb.).");

    public static final ConfigOption<ContentTypeMismatch> CONTENT_TYPE_MISMATCH =
            ConfigOptions.key("vms.content-type-mismatch")
                    .enumType(ContentTypeMismatch.class)
                    .defaultValue(ContentTypeMismatch.FAIL)
                    .withDescription(
                            "What the source does with a message whose envelope content type is not"
                                    + " the one of vms.message-format. Messages without a content"
                                    + " type are read.");

    public static final ConfigOption<String> PRODUCER_APP =
            ConfigOptions.key("vms.producer-app")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The producing application the sink writes into the envelope; defaults"
                                    + " to vms.app.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("properties.group.id")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The consumer group. Default: vms:<job>:<app>/<stream>, where <job> is"
                                    + " pipeline.name, or the table's identifier when the job has no"
                                    + " name.");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode")
                    .enumType(StartupMode.class)
                    .defaultValue(StartupMode.GROUP_OFFSETS)
                    .withDescription("Where the source starts reading.");

    public static final ConfigOption<Long> SCAN_STARTUP_TIMESTAMP_MILLIS =
            ConfigOptions.key("scan.startup.timestamp-millis")
                    .longType()
                    .noDefaultValue()
                    .withDescription("For scan.startup.mode 'timestamp': epoch milliseconds.");

    public static final ConfigOption<BoundedMode> SCAN_BOUNDED_MODE =
            ConfigOptions.key("scan.bounded.mode")
                    .enumType(BoundedMode.class)
                    .defaultValue(BoundedMode.UNBOUNDED)
                    .withDescription(
                            "Where the source stops; anything but 'unbounded' makes a bounded"
                                    + " source (backfills, batch mode).");

    public static final ConfigOption<Long> SCAN_BOUNDED_TIMESTAMP_MILLIS =
            ConfigOptions.key("scan.bounded.timestamp-millis")
                    .longType()
                    .noDefaultValue()
                    .withDescription("For scan.bounded.mode 'timestamp': epoch milliseconds.");

    public static final ConfigOption<Duration> SCAN_PARTITION_DISCOVERY =
            ConfigOptions.key("scan.topic-partition-discovery.interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "How often an unbounded source looks for new partitions; 0 turns it off.");

    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE =
            ConfigOptions.key("sink.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
                    .withDescription(
                            "'exactly-once' writes in Kafka transactions committed at checkpoints"
                                    + " (readers need isolation.level read_committed);"
                                    + " 'at-least-once' flushes at checkpoints; 'none'.");

    public static final ConfigOption<String> SINK_TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("sink.transactional-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Required for 'exactly-once': a prefix of the Kafka transactional ids,"
                                    + " unique to this sink among every job writing to the cluster.");

    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;

    private VmsConnectorOptions() {}
}
