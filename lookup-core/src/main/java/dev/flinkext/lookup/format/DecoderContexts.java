package dev.flinkext.lookup.format;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The context a format's runtime decoder ({@code DecodingFormat#createRuntimeDecoder}) is opened
 * with, made from a lookup function's {@link FunctionContext}: a lookup reader or FULL loader of a
 * connector with a {@code value.format} opens its deserializer with it in {@code open()}.
 *
 * <p>It hands out only what every {@code FunctionContext} offers, the metric group and the
 * user-code class loader: a partial cache that refreshes ahead opens its reader with a reduced
 * context (see {@code MultiKeyReader#open}).
 */
public final class DecoderContexts {

    private DecoderContexts() {}

    /** The deserializer's context for {@code context}'s metric group and class loader. */
    public static DeserializationSchema.InitializationContext of(FunctionContext context) {
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return context.getMetricGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(context.getUserCodeClassLoader());
            }
        };
    }
}
