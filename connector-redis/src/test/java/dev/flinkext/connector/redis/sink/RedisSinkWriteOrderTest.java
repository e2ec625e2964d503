package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisSinkOptions;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A transient error that clears mid-pipeline: the proxy answers {@code BUSY} for the first write of
 * a key (which Redis did apply), while the second write of the same key is confirmed. Retrying only
 * the first would leave the older value; the sink must re-send both in order, or fail naming the
 * key where that cannot restore the order.
 */
class RedisSinkWriteOrderTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final String BUSY = "BUSY Redis is busy running a script (injected)";

    @BeforeEach
    void clean() {
        REDIS.server().flushAll();
    }

    @Test
    void aConfirmedLaterWriteOfTheKeyIsResentAfterTheFailedOneSoTheLastValueWins()
            throws Exception {
        // HASH with a field column does not reduce: both writes of field f reach one pipeline
        try (StallingProxy proxy =
                StallingProxy.rewriting(
                        REDIS.server().host(), REDIS.server().port(), "ord:", 0, 4, BUSY)) {
            run(proxy, hashWithFieldColumn(), row("h", "f", "1"), row("h", "f", "2"));
        }
        try (Jedis jedis = REDIS.server().newJedis()) {
            assertThat(jedis.hgetAll("ord:h")).isEqualTo(Map.of("f", "2"));
        }
    }

    @Test
    void pushesThatCannotBeReorderedFailTheJobNamingTheKey() throws Exception {
        try (StallingProxy proxy =
                StallingProxy.rewriting(
                        REDIS.server().host(), REDIS.server().port(), "ord:", 0, 4, BUSY)) {
            assertThatThrownBy(
                            () ->
                                    run(
                                            proxy,
                                            list(),
                                            GenericRowData.of(str("l"), str("x")),
                                            GenericRowData.of(str("l"), str("y"))))
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains("OutOfOrderWriteException")
                                            .contains("key 'ord:l'")
                                            .contains("BUSY"));
        }
    }

    private static void run(StallingProxy proxy, RedisTableMapping mapping, RowData... rows)
            throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(conf);
        env.setParallelism(1);
        RedisSink sink =
                RedisSink.builder()
                        .connection(
                                RedisConnectionOptions.builder()
                                        .standalone(proxy.host(), proxy.port())
                                        .build())
                        .options(
                                RedisSinkOptions.builder()
                                        .bufferFlushMaxRows(100) // one batch at end of input
                                        .bufferFlushInterval(Duration.ZERO)
                                        .retryBackoff(Duration.ofMillis(1))
                                        .build())
                        .mapper(RedisCommandMappers.forMapping(mapping, null))
                        .build();
        env.fromData(List.of(rows), TypeInformation.of(RowData.class)).sinkTo(sink);
        env.execute("redis write order");
    }

    private static RedisTableMapping hashWithFieldColumn() {
        return RedisTableMappingResolver.resolve(
                List.of("k", "f", "v"),
                List.<LogicalType>of(
                        new VarCharType(false, 20),
                        new VarCharType(false, 20),
                        new VarCharType(20)),
                List.of("k", "f"),
                Configuration.fromMap(
                        Map.of(
                                "data-type", "HASH",
                                "hash.field-column", "f",
                                "key.fields", "k",
                                "key-prefix", "ord:")),
                false);
    }

    private static RedisTableMapping list() {
        return RedisTableMappingResolver.resolve(
                List.of("k", "v"),
                List.<LogicalType>of(new VarCharType(false, 20), new VarCharType(20)),
                List.of(),
                Configuration.fromMap(
                        Map.of("data-type", "LIST", "key.fields", "k", "key-prefix", "ord:")),
                false);
    }

    private static RowData row(String k, String f, String v) {
        return GenericRowData.of(str(k), str(f), str(v));
    }

    private static StringData str(String s) {
        return StringData.fromString(s);
    }
}
