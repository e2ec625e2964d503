package dev.flinkext.connector.redis.source;

import dev.flinkext.common.source.PullSplitEnumerator;
import dev.flinkext.common.source.SplitListSerializer;
import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.UserCodeClassLoader;

import java.util.List;

/**
 * A bounded FLIP-27 source over the keys of a STRING or HASH table that match a pattern: one split
 * per master node (one split outside cluster mode), each read by {@link RedisKeyScanner} a SCAN
 * page at a time. Usable from DataStream:
 *
 * <pre>{@code
 * RedisSource source = new RedisSource(connection,
 *         new RedisKeyScanner(RedisRowDecoder.of(mapping, null), "user:*", 1000), rowTypeInfo);
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "redis users");
 * }</pre>
 *
 * A checkpoint records each split's SCAN cursor and the rows of the current page already emitted; a
 * restore resumes there (SCAN's guarantee holds: a key present the whole time is read at least
 * once).
 */
public final class RedisSource
        implements Source<RowData, RedisSourceSplit, List<RedisSourceSplit>>,
                ResultTypeQueryable<RowData> {

    private static final long serialVersionUID = 1L;

    private final RedisConnectionOptions connection;
    private final RedisKeyScanner scanner;
    private final TypeInformation<RowData> producedType;

    public RedisSource(
            RedisConnectionOptions connection,
            RedisKeyScanner scanner,
            TypeInformation<RowData> producedType) {
        this.connection = connection;
        this.scanner = scanner;
        this.producedType = producedType;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RowData, RedisSourceSplit> createReader(SourceReaderContext context)
            throws Exception {
        // each reader decodes with its own opened copy (the format deserializer is stateful)
        RedisKeyScanner own =
                InstantiationUtil.clone(scanner, context.getUserCodeClassLoader().asClassLoader());
        own.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return context.metricGroup();
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return context.getUserCodeClassLoader();
                    }
                });
        return new RedisSourceReader(
                () -> new RedisSplitReader(connection, own), new Configuration(), context);
    }

    @Override
    public SplitEnumerator<RedisSourceSplit, List<RedisSourceSplit>> createEnumerator(
            SplitEnumeratorContext<RedisSourceSplit> context) {
        try (RedisClientProvider clients = RedisClientProvider.create(connection)) {
            return new PullSplitEnumerator<>(
                    context, clients.masters().stream().map(RedisSourceSplit::of).toList());
        }
    }

    @Override
    public SplitEnumerator<RedisSourceSplit, List<RedisSourceSplit>> restoreEnumerator(
            SplitEnumeratorContext<RedisSourceSplit> context, List<RedisSourceSplit> checkpoint) {
        return new PullSplitEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<RedisSourceSplit> getSplitSerializer() {
        return RedisSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<RedisSourceSplit>> getEnumeratorCheckpointSerializer() {
        return new SplitListSerializer<>("Redis", RedisSourceSplitSerializer.INSTANCE);
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
