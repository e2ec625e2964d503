package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.RedisSql;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounded scans of STRING and HASH tables through SQL. */
class RedisScanSqlTest {

    /** The connector options of a table on {@code server}. */
    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private Jedis jedis;

    @BeforeEach
    void clean() {
        REDIS.server().flushAll();
        jedis = REDIS.server().newJedis();
    }

    @AfterEach
    void close() {
        jedis.close();
    }

    /** Creates the table and runs the bounded query. */
    static List<Row> scan(String ddl, String query) {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(ddl + ";");
        return sql.collect(query);
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().toList();
    }

    @Test
    void stringTableWithCompositeKeyAndSmallPages() {
        for (int i = 0; i < 250; i++) {
            jedis.set("u:" + i + ":eu", "v" + i);
        }
        jedis.set("other:1:eu", "not matched by the prefix");
        jedis.hset("u:999:eu", Map.of("f", "a hash is skipped by TYPE"));
        List<Row> rows =
                scan(
                        "CREATE TABLE t (id INT, region STRING, v STRING,"
                                + " PRIMARY KEY (id, region) NOT ENFORCED) WITH ("
                                + RedisSql.connection(REDIS.server())
                                + ", 'key-prefix' = 'u:', 'scan.count' = '7')",
                        "SELECT * FROM t");
        assertThat(rows).hasSize(250);
        assertThat(sorted(rows)).contains("+I[0, eu, v0]", "+I[249, eu, v249]");
    }

    @Test
    void hashTablesBothLayouts() {
        jedis.hset("h:a", Map.of("name", "ann", "age", "31"));
        jedis.hset("h:b", Map.of("name", "bob"));
        assertThat(
                        sorted(
                                scan(
                                        "CREATE TABLE t (k STRING, name STRING, age INT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED) WITH ("
                                                + RedisSql.connection(REDIS.server())
                                                + ", 'data-type' = 'HASH', 'key-prefix' ="
                                                + " 'h:')",
                                        "SELECT * FROM t")))
                .containsExactly("+I[a, ann, 31]", "+I[b, bob, null]");
        assertThat(
                        sorted(
                                scan(
                                        "CREATE TABLE f (k STRING, field STRING, v STRING,"
                                                + " PRIMARY KEY (k, field) NOT ENFORCED)"
                                                + " WITH ("
                                                + RedisSql.connection(REDIS.server())
                                                + ", 'data-type' = 'HASH', 'key-prefix' ="
                                                + " 'h:', 'key.fields' = 'k',"
                                                + " 'hash.field-column' = 'field')",
                                        "SELECT * FROM f")))
                .containsExactly("+I[a, age, 31]", "+I[a, name, ann]", "+I[b, name, bob]");
    }

    @Test
    void scanMatchNarrowsTheKeys() {
        jedis.set("p:a1", "1");
        jedis.set("p:a2", "2");
        jedis.set("p:b1", "3");
        assertThat(
                        sorted(
                                scan(
                                        "CREATE TABLE t (k STRING, v STRING,"
                                                + " PRIMARY KEY (k) NOT ENFORCED) WITH ("
                                                + RedisSql.connection(REDIS.server())
                                                + ", 'key-prefix' = 'p:', 'scan.match' ="
                                                + " 'p:a*')",
                                        "SELECT * FROM t")))
                .containsExactly("+I[a1, 1]", "+I[a2, 2]");
    }

    @Test
    void writtenBySinkReadByScanWithJson() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE t (k STRING, n INT, d DECIMAL(5, 2), PRIMARY KEY (k) NOT ENFORCED)"
                        + " WITH ("
                        + RedisSql.connection(REDIS.server())
                        + ", 'value.format' = 'json', 'key-prefix' = 'j:');"
                        + "INSERT INTO t VALUES ('x', 1, 1.50), ('y', CAST(NULL AS INT), 2.00)"
                        + FlinkVersion.onConflictDeduplicate()
                        + ";");
        assertThat(sorted(sql.collect("SELECT * FROM t")))
                .containsExactly("+I[x, 1, 1.50]", "+I[y, null, 2.00]");
    }
}
