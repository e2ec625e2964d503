package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpointing on, one failure injected after a checkpoint completed, restart from it: Redis ends
 * with exactly the expected keys and values. Uses {@link RedisSink} from DataStream (no SQL).
 */
class RedisSinkFailoverTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final long ROWS = 4000;

    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger MAX_ATTEMPT = new AtomicInteger();

    @BeforeEach
    void resetTheInjectedFailure() {
        // static: the task's copy of the function and this test share them; reset, or a second
        // run in one JVM would inject no failure and prove nothing
        CHECKPOINTED.set(false);
        FAILED.set(false);
        MAX_ATTEMPT.set(0);
    }

    @Test
    void restartFromCheckpointLeavesExactlyTheExpectedKeys() throws Exception {
        REDIS.server().flushAll();
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        env.configure(conf);
        env.enableCheckpointing(100);
        env.setParallelism(2);

        // a DataStream user reuses the table mapping and the STRING mapper
        RedisTableMapping mapping =
                RedisTableMappingResolver.resolve(
                        List.of("k", "v"),
                        List.<LogicalType>of(new VarCharType(false, 20), new VarCharType(20)),
                        List.of("k"),
                        Configuration.fromMap(Map.of("data-type", "STRING", "key-prefix", "fo:")),
                        false);
        RedisSink sink =
                RedisSink.builder()
                        .connection(
                                RedisConnectionOptions.builder()
                                        .standalone(REDIS.server().host(), REDIS.server().port())
                                        .build())
                        .options(
                                RedisSinkOptions.builder()
                                        .bufferFlushMaxRows(10_000) // only checkpoints flush
                                        .bufferFlushInterval(Duration.ZERO)
                                        .build())
                        .mapper(RedisCommandMappers.forMapping(mapping, null))
                        .build();

        env.fromSequence(0, ROWS - 1)
                .flatMap(new FailOnceAfterCheckpoint())
                .returns(TypeInformation.of(RowData.class))
                .sinkTo(sink);
        env.execute("redis failover");

        assertThat(FAILED).as("the failure was injected").isTrue();
        assertThat(MAX_ATTEMPT.get()).as("the job restarted").isPositive();
        try (Jedis jedis = REDIS.server().newJedis()) {
            long expected = ROWS - ROWS / 10;
            assertThat(jedis.dbSize()).isEqualTo(expected);
            for (long i = 0; i < ROWS; i++) {
                String value = jedis.get("fo:" + i);
                if (i % 10 == 0) {
                    assertThat(value).as("deleted key fo:" + i).isNull();
                } else {
                    assertThat(value).as("key fo:" + i).isEqualTo("v" + i);
                }
            }
        }
    }

    /**
     * Emits +I (k, v) per number, then -D for every tenth; slows down until a checkpoint has
     * completed, then throws once.
     */
    static final class FailOnceAfterCheckpoint extends RichFlatMapFunction<Long, RowData>
            implements CheckpointListener {

        @Override
        public void flatMap(Long i, Collector<RowData> out) throws Exception {
            MAX_ATTEMPT.accumulateAndGet(
                    getRuntimeContext().getTaskInfo().getAttemptNumber(), Math::max);
            if (!FAILED.get()) {
                if (CHECKPOINTED.get() && i % 7 == 3) {
                    FAILED.set(true);
                    throw new IllegalStateException("injected failure at " + i);
                }
                Thread.sleep(1); // keep rows coming until a checkpoint completes
            }
            StringData key = StringData.fromString(Long.toString(i));
            out.collect(GenericRowData.of(key, StringData.fromString("v" + i)));
            if (i % 10 == 0) {
                out.collect(GenericRowData.ofKind(RowKind.DELETE, key, null));
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
