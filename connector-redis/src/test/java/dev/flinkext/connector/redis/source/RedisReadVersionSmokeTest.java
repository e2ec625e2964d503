package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.RedisSql;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One lookup and one scan against Redis 6.2 (embedded) and 7.0 (Debian's redis-server). */
class RedisReadVersionSmokeTest {

    /** The connector options of a table on {@code server}. */
    @RegisterExtension static final RedisServerExtension REDIS_62 = RedisServerExtension.embedded();

    @RegisterExtension static final RedisServerExtension REDIS_70 = RedisServerExtension.system();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @Test
    void redis62() {
        assertThat(REDIS_62.server().version()).startsWith("6.2");
        lookupAndScan(REDIS_62.server());
    }

    @Test
    void redis70() {
        assertThat(REDIS_70.server().version()).startsWith("7.0");
        lookupAndScan(REDIS_70.server());
    }

    private static void lookupAndScan(RedisServer server) {
        server.flushAll();
        try (Jedis jedis = server.newJedis()) {
            jedis.hset("v:1", Map.of("name", "one"));
            jedis.hset("v:2", Map.of("name", "two"));
        }
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE dim (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + RedisSql.connection(server)
                        + ", 'data-type' = 'HASH', 'key-prefix' = 'v:', 'lookup.async' = 'true');"
                        + "CREATE TEMPORARY TABLE probe (id INT, proc AS PROCTIME()) WITH ("
                        + "'connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                        + " 'fields.id.start' = '1', 'fields.id.end' = '3');");
        List<String> joined =
                sql
                        .collect(
                                "SELECT p.id, d.name FROM probe p LEFT JOIN dim FOR SYSTEM_TIME"
                                        + " AS OF p.proc AS d ON d.id = p.id")
                        .stream()
                        .map(Object::toString)
                        .sorted()
                        .toList();
        assertThat(joined).containsExactly("+I[1, one]", "+I[2, two]", "+I[3, null]");
        List<String> scanned =
                sql.collect("SELECT * FROM dim").stream().map(Object::toString).sorted().toList();
        assertThat(scanned).containsExactly("+I[1, one]", "+I[2, two]");
    }
}
