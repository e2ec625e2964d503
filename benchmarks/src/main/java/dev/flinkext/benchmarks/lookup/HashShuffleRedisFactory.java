package dev.flinkext.benchmarks.lookup;

import dev.flinkext.connector.redis.RedisDynamicTableFactory;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;

import java.util.Set;

/**
 * Benchmark-only connector {@code 'connector' = 'redis-hash-shuffle'}: connector-redis's table
 * source with every option of {@code 'redis'}, wrapped in a {@link HashShuffleLookupSource} that
 * does not implement {@code SupportsLookupCustomShuffle}. With the {@code LOOKUP(..., 'shuffle' =
 * 'true')} hint the planner then hash-partitions the probe rows by the join key (Flink's plain
 * lookup shuffle), the reference partitioned lookup joins compare with.
 */
public final class HashShuffleRedisFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "redis-hash-shuffle";

    private final RedisDynamicTableFactory redis = new RedisDynamicTableFactory();

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return redis.requiredOptions();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return redis.optionalOptions();
    }

    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        return redis.forwardOptions();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        return new HashShuffleLookupSource(
                (LookupTableSource) redis.createDynamicTableSource(context));
    }
}
