package dev.flinkext.connector.redis.sink;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink smoke set against Redis 6.2 (embedded jar) and 7.0 (Debian's redis-server). */
class RedisSinkVersionSmokeTest {

    @RegisterExtension static final RedisServerExtension REDIS_62 = RedisServerExtension.embedded();

    @RegisterExtension static final RedisServerExtension REDIS_70 = RedisServerExtension.system();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @ParameterizedTest(name = "Redis {0}")
    @ValueSource(strings = {"6.2", "7.0"})
    void sinkWritesStringHashAndCounter(String version) {
        RedisServer server = version.equals("6.2") ? REDIS_62.server() : REDIS_70.server();
        assertThat(server.version()).startsWith(version);
        server.flushAll();
        FlinkSql.streaming()
                .executeScript(
                        RedisSinkSqlTest.table(
                                        "s",
                                        "k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED",
                                        server,
                                        ", 'key-prefix' = 's:', 'sink.ttl' = '10 min'")
                                + RedisSinkSqlTest.table(
                                        "h",
                                        "k STRING, a INT, b STRING, PRIMARY KEY (k) NOT ENFORCED",
                                        server,
                                        ", 'data-type' = 'HASH', 'key-prefix' = 'h:'")
                                + RedisSinkSqlTest.table(
                                        "c",
                                        "k STRING, n BIGINT",
                                        server,
                                        ", 'data-type' = 'COUNTER', 'key.fields' = 'k',"
                                                + " 'key-prefix' = 'c:'")
                                + "EXECUTE STATEMENT SET BEGIN "
                                + "INSERT INTO s VALUES ('1', 'x')"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";"
                                + "INSERT INTO h VALUES ('1', 7, 'y')"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";"
                                + "INSERT INTO c SELECT k, COUNT(*) FROM (VALUES ('a'), ('a'))"
                                + " AS t(k) GROUP BY k;"
                                + "END;");
        try (Jedis jedis = server.newJedis()) {
            assertThat(jedis.get("s:1")).isEqualTo("x");
            assertThat(jedis.pttl("s:1")).isPositive();
            assertThat(jedis.hgetAll("h:1")).isEqualTo(Map.of("a", "7", "b", "y"));
            assertThat(jedis.get("c:a")).isEqualTo("2");
        }
    }
}
