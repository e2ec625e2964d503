package dev.flinkext.format.pb;

import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.schema.PbSchema;
import dev.flinkext.format.pb.table.PbDecodingFormat;
import dev.flinkext.format.pb.table.PbEncodingFormat;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;

import java.util.Set;

/** {@code 'format' = 'pb'}: protobuf rows for any connector, as value or key format. */
public class PbFormatFactory implements DeserializationFormatFactory, SerializationFormatFactory {

    public static final String IDENTIFIER = "pb";

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        return new PbDecodingFormat(
                schema(context, formatOptions), PbFormatConfig.fromOptions(formatOptions));
    }

    @Override
    public EncodingFormat<SerializationSchema<RowData>> createEncodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        return new PbEncodingFormat(
                schema(context, formatOptions), PbFormatConfig.fromOptions(formatOptions));
    }

    /** The message, from exactly one of a generated class or a descriptor file. */
    private static PbSchema schema(DynamicTableFactory.Context context, ReadableConfig options) {
        String className = options.getOptional(PbFormatOptions.MESSAGE_CLASS_NAME).orElse(null);
        String file = options.getOptional(PbFormatOptions.DESCRIPTOR_FILE).orElse(null);
        String messageName = options.getOptional(PbFormatOptions.MESSAGE_NAME).orElse(null);
        String classKey = key(PbFormatOptions.MESSAGE_CLASS_NAME);
        String fileKey = key(PbFormatOptions.DESCRIPTOR_FILE);
        String nameKey = key(PbFormatOptions.MESSAGE_NAME);
        if (className != null && file != null) {
            throw new ValidationException(
                    "Set either '" + classKey + "' or '" + fileKey + "', not both.");
        }
        if (className != null) {
            if (messageName != null) {
                throw new ValidationException(
                        "'"
                                + nameKey
                                + "' goes with '"
                                + fileKey
                                + "'; with '"
                                + classKey
                                + "' the class names the message.");
            }
            return PbSchema.ofMessageClass(className, context.getClassLoader());
        }
        if (file != null) {
            if (messageName == null) {
                throw new ValidationException(
                        "'"
                                + fileKey
                                + "' needs '"
                                + nameKey
                                + "': the full name of the message to read, e.g. 'shop.v1.Order'.");
            }
            return PbSchema.ofDescriptorFile(file, messageName);
        }
        throw new ValidationException(
                "The 'pb' format needs the message: set '"
                        + classKey
                        + "' (a protoc-generated class) or '"
                        + fileKey
                        + "' and '"
                        + nameKey
                        + "' (a descriptor set written by protoc --include_imports"
                        + " --descriptor_set_out).");
    }

    private static String key(ConfigOption<?> option) {
        return IDENTIFIER + "." + option.key();
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                PbFormatOptions.MESSAGE_CLASS_NAME,
                PbFormatOptions.DESCRIPTOR_FILE,
                PbFormatOptions.MESSAGE_NAME,
                PbFormatOptions.IGNORE_PARSE_ERRORS,
                PbFormatOptions.READ_DEFAULT_VALUES,
                PbFormatOptions.WRITE_NULL_STRING_LITERAL,
                PbFormatOptions.LENGTH_DELIMITED,
                PbFormatOptions.UINT64_AS_BIGINT,
                PbFormatOptions.MAX_RECURSION_DEPTH);
    }
}
