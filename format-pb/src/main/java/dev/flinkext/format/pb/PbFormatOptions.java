package dev.flinkext.format.pb;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of {@code 'format' = 'pb'}. In a table's WITH clause they carry the format's prefix:
 * {@code 'pb.message-class-name'}, or {@code 'value.pb.message-class-name'} under Kafka's {@code
 * value.format}.
 */
public final class PbFormatOptions {

    public static final ConfigOption<String> MESSAGE_CLASS_NAME =
            ConfigOptions.key("message-class-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Fully qualified name of a protoc-generated Java message class (for"
                                    + " example 'com.acme.events.Click'). Needed only where the job"
                                    + " is planned: the runtime works from the message's"
                                    + " descriptor. Exclusive with 'descriptor-file'.");

    public static final ConfigOption<String> DESCRIPTOR_FILE =
            ConfigOptions.key("descriptor-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Path or URI (any Flink file system: file://, s3://, hdfs://...) of a"
                                    + " descriptor set written by 'protoc --include_imports"
                                    + " --descriptor_set_out=FILE'. Read once where the job is"
                                    + " planned and shipped with the job. Needs 'message-name'.");

    public static final ConfigOption<String> MESSAGE_NAME =
            ConfigOptions.key("message-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Full protobuf name of the message in 'descriptor-file', with its"
                                    + " package (for example 'shop.v1.Order').");

    public static final ConfigOption<Boolean> IGNORE_PARSE_ERRORS =
            ConfigOptions.key("ignore-parse-errors")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Skip messages that cannot be decoded instead of failing the job. Skipped"
                                    + " messages are counted in the metric 'pbMessagesSkipped'.");

    public static final ConfigOption<Boolean> READ_DEFAULT_VALUES =
            ConfigOptions.key("read-default-values")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Read unset fields that have presence (messages, wrappers, proto3"
                                    + " 'optional', oneof members, proto2 fields) as their default"
                                    + " value instead of NULL. Fields without presence always read"
                                    + " as their default.");

    public static final ConfigOption<String> WRITE_NULL_STRING_LITERAL =
            ConfigOptions.key("write-null-string-literal")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "What a NULL string inside an ARRAY or a MAP is written as (protobuf"
                                    + " has no NULL there). A NULL column is always omitted from the"
                                    + " message.");

    public static final ConfigOption<Boolean> LENGTH_DELIMITED =
            ConfigOptions.key("length-delimited")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Each payload holds several messages, each preceded by its varint length"
                                    + " (Java's writeDelimitedTo); every message becomes a row. On"
                                    + " write, each row is one length-prefixed message.");

    public static final ConfigOption<Boolean> UINT64_AS_BIGINT =
            ConfigOptions.key("uint64-as-bigint")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Map uint64/fixed64 fields to BIGINT holding the same 64 bits (values"
                                    + " of 2^63 and above read as negative numbers) instead of the"
                                    + " exact DECIMAL(20, 0).");

    public static final ConfigOption<Integer> MAX_RECURSION_DEPTH =
            ConfigOptions.key("max-recursion-depth")
                    .intType()
                    .defaultValue(32)
                    .withDescription(
                            "How deep messages may nest in a table's columns (a recursive message"
                                    + " can be declared to any depth). A deeper declaration is"
                                    + " refused when the job is planned.");

    private PbFormatOptions() {}
}
