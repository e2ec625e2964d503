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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projection push-down: column subsets of HASH and STRING tables, by scan and by lookup join, with
 * assertions on the rows and on the commands Redis received ({@code INFO commandstats}).
 */
class RedisProjectionSqlTest {

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

    private static final String USERS =
            "CREATE TABLE users (name STRING, score DOUBLE, city STRING, id BIGINT,"
                    + " PRIMARY KEY (id) NOT ENFORCED) WITH (%s, 'data-type' = 'HASH',"
                    + " 'key-prefix' = 'u:' %s)";

    private void writeUsers() {
        for (int i = 1; i <= 20; i++) {
            jedis.hset(
                    "u:" + i,
                    Map.of("name", "n" + i, "score", i + ".5", "city", "c" + i, "extra", "x"));
        }
        jedis.hset("u:21", Map.of("city", "only-city")); // none of (name, score)
        jedis.hset("u:22", Map.of("unmapped", "x")); // no mapped field at all
    }

    /** Calls per command since the last {@link #resetStats()}, from INFO commandstats. */
    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : jedis.info("commandstats").split("\r?\n")) {
            // cmdstat_hmget:calls=3,usec=...
            if (line.startsWith("cmdstat_")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(command, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    private void resetStats() {
        jedis.configResetStat();
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().toList();
    }

    private static List<Row> batch(String ddl, String query) {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(ddl + ";");
        return sql.collect(query);
    }

    // ------------------------------------------------------------------------------- scans

    @Test
    void hashScanOfSomeColumnsUsesHmgetNotHgetall() {
        writeUsers();
        resetStats();
        List<Row> rows =
                batch(
                        String.format(USERS, RedisSql.connection(REDIS.server()), ""),
                        "SELECT score, id, name FROM users");

        assertThat(sorted(rows))
                .hasSize(22)
                .contains(
                        "+I[1.5, 1, n1]",
                        "+I[20.5, 20, n20]",
                        "+I[null, 21, null]",
                        "+I[null, 22, null]");
        Map<String, Long> calls = commandCalls();
        assertThat(calls).containsEntry("hmget", 22L).doesNotContainKey("hgetall");
        // only the keys whose projected fields all came back null are checked for existence
        assertThat(calls).containsEntry("exists", 2L);
    }

    @Test
    void hashScanOfKeyColumnsOnlyFetchesNoValues() {
        writeUsers();
        resetStats();
        List<Row> rows =
                batch(
                        String.format(USERS, RedisSql.connection(REDIS.server()), ""),
                        "SELECT id FROM users");
        assertThat(rows).hasSize(22);
        assertThat(sorted(rows)).contains("+I[1]", "+I[22]");
        assertThat(commandCalls())
                .containsKey("scan")
                .doesNotContainKeys("hmget", "hgetall", "hget", "exists");
    }

    @Test
    void stringScanProjectsAfterDecodingAndSkipsGetForKeysOnly() {
        for (int i = 1; i <= 30; i++) {
            jedis.set("s:" + i + ":eu", "v" + i);
        }
        String ddl =
                "CREATE TABLE s (id INT, region STRING, v STRING,"
                        + " PRIMARY KEY (id, region) NOT ENFORCED) WITH ("
                        + RedisSql.connection(REDIS.server())
                        + ", 'key-prefix' = 's:', 'scan.count' = '7')";

        resetStats();
        assertThat(sorted(batch(ddl, "SELECT v, id FROM s")))
                .hasSize(30)
                .contains("+I[v1, 1]", "+I[v30, 30]");
        assertThat(commandCalls()).containsEntry("get", 30L);

        resetStats();
        assertThat(sorted(batch(ddl, "SELECT region, id FROM s")))
                .hasSize(30)
                .contains("+I[eu, 1]", "+I[eu, 30]");
        assertThat(commandCalls()).containsKey("scan").doesNotContainKeys("get", "mget");
    }

    @Test
    void stringJsonScanOfSomeColumns() {
        jedis.set("j:1", "{\"name\":\"ann\",\"age\":31,\"city\":\"rome\"}");
        jedis.set("j:2", "{\"name\":\"bob\",\"age\":42}");
        String ddl =
                "CREATE TABLE j (id INT, name STRING, age INT, city STRING,"
                        + " PRIMARY KEY (id) NOT ENFORCED) WITH ("
                        + RedisSql.connection(REDIS.server())
                        + ", 'key-prefix' = 'j:', 'value.format' = 'json',"
                        + " 'value.fields-include' = 'EXCEPT_KEY')";
        assertThat(sorted(batch(ddl, "SELECT city, id FROM j")))
                .containsExactly("+I[null, 2]", "+I[rome, 1]");

        resetStats();
        assertThat(sorted(batch(ddl, "SELECT id FROM j"))).containsExactly("+I[1]", "+I[2]");
        assertThat(commandCalls()).doesNotContainKeys("get", "mget");
    }

    @Test
    void projectionIsPushedIntoTheScan() {
        FlinkSql sql = FlinkSql.batch();
        sql.executeScript(String.format(USERS, RedisSql.connection(REDIS.server()), "") + ";");
        String plan = sql.tableEnv().explainSql("SELECT name, id FROM users");
        assertThat(plan).contains("project=[name, id]");
        // Flink 2.2 plans COUNT(*) with no projection at all (every value is read); 2.3 projects
        // it onto one column
        assertThat(sql.tableEnv().explainSql("SELECT COUNT(*) FROM users"))
                .contains(
                        FlinkVersion.atLeast(2, 3)
                                ? "project=[name]]], fields=[name]"
                                : "fields=[name, score, city, id]");
    }

    // ------------------------------------------------------------------------------ lookups

    private static final String PROBE =
            "CREATE TEMPORARY TABLE probe (pid BIGINT, proc AS PROCTIME()) WITH ("
                    + "'connector' = 'datagen', 'fields.pid.kind' = 'sequence',"
                    + " 'fields.pid.start' = '1', 'fields.pid.end' = '24');";

    /**
     * The dim's key is the last physical column and second of the projection [city, id]: the lookup
     * key (index 1 of the produced row) must be mapped back to physical column 3.
     */
    private static final String JOIN =
            "SELECT p.pid, d.city, d.id FROM probe p LEFT JOIN users FOR SYSTEM_TIME AS OF p.proc"
                    + " AS d ON d.id = p.pid";

    @Test
    void lookupJoinSelectingSomeDimColumns() {
        writeUsers();
        for (String options :
                List.of(
                        "'lookup.async' = 'false'",
                        "'lookup.async' = 'true'",
                        "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100'",
                        "'lookup.cache' = 'FULL',"
                                + " 'lookup.full-cache.periodic-reload.interval' = '1 h'")) {
            FlinkSql sql = FlinkSql.streaming();
            sql.executeScript(
                    String.format(USERS, RedisSql.connection(REDIS.server()), ", " + options)
                            + ";"
                            + PROBE);
            // the temporal table is projected: the join's inputs are pid + (city, id) only
            assertThat(sql.tableEnv().explainSql(JOIN))
                    .as(options)
                    .contains("select=[pid, city, id]");
            List<String> rows = sorted(sql.collect(JOIN));
            assertThat(rows)
                    .as(options)
                    .hasSize(24)
                    .contains(
                            "+I[1, c1, 1]",
                            "+I[20, c20, 20]",
                            "+I[21, only-city, 21]",
                            "+I[22, null, 22]",
                            "+I[23, null, null]",
                            "+I[24, null, null]");
        }
    }

    /** The users (written) and probe tables, Redis's command counts reset. */
    private FlinkSql usersAndProbe(boolean async) {
        writeUsers();
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                String.format(
                                USERS,
                                RedisSql.connection(REDIS.server()),
                                ", 'lookup.async' = '" + async + "'")
                        + ";"
                        + PROBE);
        resetStats();
        return sql;
    }

    /**
     * A lookup producing [city, id] of a per-column HASH reads the one field by HMGET, never the
     * whole hash; only the keys whose HMGET came back all null (u:22 lacks city, 23 and 24 do not
     * exist) are asked EXISTS, so a hash without the field still joins.
     */
    @ParameterizedTest(name = "lookup.async = {0}")
    @ValueSource(booleans = {false, true})
    void lookupJoinOfSomeHashColumnsReadsOnlyThoseFields(boolean async) {
        FlinkSql sql = usersAndProbe(async);
        assertThat(sorted(sql.collect(JOIN)))
                .hasSize(24)
                .contains(
                        "+I[1, c1, 1]",
                        "+I[21, only-city, 21]",
                        "+I[22, null, 22]",
                        "+I[23, null, null]");
        Map<String, Long> calls = commandCalls();
        assertThat(calls).containsEntry("hmget", 24L).doesNotContainKey("hgetall");
        assertThat(calls).containsEntry("exists", 3L);
    }

    /** A lookup producing only the key column asks EXISTS: no field is read. */
    @ParameterizedTest(name = "lookup.async = {0}")
    @ValueSource(booleans = {false, true})
    void lookupJoinOfOnlyTheKeyAsksExists(boolean async) {
        FlinkSql sql = usersAndProbe(async);
        String keysOnly =
                "SELECT p.pid, d.id FROM probe p LEFT JOIN users FOR SYSTEM_TIME AS OF p.proc"
                        + " AS d ON d.id = p.pid";
        assertThat(sorted(sql.collect(keysOnly)))
                .hasSize(24)
                .contains("+I[1, 1]", "+I[22, 22]", "+I[23, null]", "+I[24, null]");
        assertThat(commandCalls())
                .containsEntry("exists", 24L)
                .doesNotContainKeys("hmget", "hgetall", "hget");
    }

    @Test
    void lookupJoinOnCompositeKeyWithFilterColumnAndProjection() {
        jedis.set("o:1:eu", "{\"amount\":10,\"status\":\"open\"}");
        jedis.set("o:2:eu", "{\"amount\":20,\"status\":\"done\"}");
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE orders (status STRING, amount INT, id BIGINT, region STRING,"
                        + " PRIMARY KEY (id, region) NOT ENFORCED) WITH ("
                        + RedisSql.connection(REDIS.server())
                        + ", 'key-prefix' = 'o:', 'value.format' = 'json',"
                        + " 'value.fields-include' = 'EXCEPT_KEY', 'lookup.async' = 'true');"
                        + "CREATE TEMPORARY TABLE probe (pid BIGINT, r AS 'eu', s AS 'open',"
                        + " proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                        + " 'fields.pid.kind' = 'sequence', 'fields.pid.start' = '1',"
                        + " 'fields.pid.end' = '3');");
        // region, id and status are lookup keys (status checked on the row read); only amount
        // is selected besides them
        List<Row> rows =
                sql.collect(
                        "SELECT p.pid, o.amount FROM probe p JOIN orders FOR SYSTEM_TIME AS OF"
                                + " p.proc AS o ON o.region = p.r AND o.id = p.pid AND"
                                + " o.status = p.s");
        assertThat(sorted(rows)).containsExactly("+I[1, 10]");
    }
}
