package dev.flinkext.connector.redis.lookup;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** Opens a value format's deserializer from a lookup function's context. */
final class DecoderContexts {

    private DecoderContexts() {}

    static DeserializationSchema.InitializationContext of(FunctionContext context) {
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
