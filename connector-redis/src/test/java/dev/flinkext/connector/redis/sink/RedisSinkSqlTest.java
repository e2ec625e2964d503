package dev.flinkext.connector.redis.sink;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.redis.RedisServer;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every data type's sink through SQL, asserted on what the Redis server holds. */
class RedisSinkSqlTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private Jedis jedis;

    @BeforeEach
    void clean() {
        REDIS.server().flushAll();
        jedis = REDIS.server().newJedis();
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        jedis.close();
    }

    static String table(String name, String columns, RedisServer server, String options) {
        return "CREATE TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'redis', 'host' = '"
                + server.host()
                + "', 'port' = '"
                + server.port()
                + "'"
                + options
                + ");";
    }

    private static String table(String columns, String options) {
        return table("t", columns, REDIS.server(), options);
    }

    @Test
    void stringWithPrefixAndCompositeKey() {
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "id INT, region STRING, name STRING,"
                                                + " PRIMARY KEY (id, region) NOT ENFORCED",
                                        ", 'key-prefix' = 'user:'")
                                + "INSERT INTO t VALUES (1, 'eu', 'ann'), (2, 'us', 'bob'),"
                                + " (3, 'eu', CAST(NULL AS STRING))"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        assertThat(jedis.get("user:1:eu")).isEqualTo("ann");
        assertThat(jedis.get("user:2:us")).isEqualTo("bob");
        assertThat(jedis.exists("user:3:eu")).as("a null value stores nothing").isFalse();
    }

    @Test
    void stringWholeRowAsJson() {
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, n INT, ok BOOLEAN, PRIMARY KEY (k) NOT ENFORCED",
                                        ", 'value.format' = 'json', 'value.fields-include' ="
                                                + " 'EXCEPT_KEY'")
                                + "INSERT INTO t VALUES ('a', 1, true)"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        assertThat(jedis.get("a")).isEqualTo("{\"n\":1,\"ok\":true}");
    }

    @Test
    void hashUpsertsFromAGroupBy() {
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, cnt BIGINT, total INT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        ", 'data-type' = 'HASH', 'key-prefix' = 'agg:',"
                                                + " 'sink.buffer-flush.max-rows' = '1'")
                                + "INSERT INTO t SELECT k, COUNT(*), SUM(v) FROM (VALUES"
                                + " ('a', 1), ('b', 2), ('a', 3), ('a', 4), ('b', 5)) AS s(k, v)"
                                + " GROUP BY k;");
        assertThat(jedis.hgetAll("agg:a")).isEqualTo(Map.of("cnt", "3", "total", "8"));
        assertThat(jedis.hgetAll("agg:b")).isEqualTo(Map.of("cnt", "2", "total", "7"));
    }

    @Test
    void hashWithFieldColumn() {
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, f STRING, v DOUBLE,"
                                                + " PRIMARY KEY (k, f) NOT ENFORCED",
                                        ", 'data-type' = 'HASH', 'key.fields' = 'k',"
                                                + " 'hash.field-column' = 'f'")
                                + "INSERT INTO t VALUES ('h', 'x', 1.5), ('h', 'y', 2.0),"
                                + " ('g', 'x', 3.0)"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        assertThat(jedis.hgetAll("h")).isEqualTo(Map.of("x", "1.5", "y", "2.0"));
        assertThat(jedis.hgetAll("g")).isEqualTo(Map.of("x", "3.0"));
    }

    @Test
    void listPushesInOrder() {
        FlinkSql.streaming()
                .parallelism(1)
                .executeScript(
                        table("k STRING, v STRING", ", 'data-type' = 'LIST', 'key.fields' = 'k'")
                                + "INSERT INTO t VALUES ('l', 'a'), ('l', 'b'), ('l', 'c');");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "b", "c");
        FlinkSql.streaming()
                .parallelism(1)
                .executeScript(
                        table(
                                        "k STRING, v STRING",
                                        ", 'data-type' = 'LIST', 'key.fields' = 'k',"
                                                + " 'list.push' = 'LEFT'")
                                + "INSERT INTO t VALUES ('m', 'a'), ('m', 'b');");
        assertThat(jedis.lrange("m", 0, -1)).containsExactly("b", "a");
    }

    @Test
    void setAddsMembers() {
        FlinkSql.streaming()
                .executeScript(
                        table("k STRING, m INT", ", 'data-type' = 'SET', 'key.fields' = 'k'")
                                + "INSERT INTO t VALUES ('s', 1), ('s', 2), ('s', 2), ('z', 9);");
        assertThat(jedis.smembers("s")).containsExactlyInAnyOrder("1", "2");
        assertThat(jedis.smembers("z")).containsExactly("9");
    }

    @Test
    void sortedSetScoresAndIncrements() {
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, m STRING, s DOUBLE",
                                        ", 'data-type' = 'SORTED_SET', 'key.fields' = 'k',"
                                                + " 'sorted-set.score-column' = 's'")
                                + "INSERT INTO t VALUES ('z', 'a', 1.5), ('z', 'b', 2.5);");
        assertThat(jedis.zscore("z", "a")).isEqualTo(1.5);
        assertThat(jedis.zscore("z", "b")).isEqualTo(2.5);

        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, m STRING, s INT",
                                        ", 'data-type' = 'SORTED_SET', 'key.fields' = 'k',"
                                                + " 'sorted-set.score-column' = 's',"
                                                + " 'sorted-set.score-mode' = 'INCREMENT'")
                                + "INSERT INTO t VALUES ('zi', 'a', 1), ('zi', 'a', 2),"
                                + " ('zi', 'b', 5);");
        assertThat(jedis.zscore("zi", "a")).isEqualTo(3.0);
        assertThat(jedis.zscore("zi", "b")).isEqualTo(5.0);
    }

    @Test
    void counterFollowsARetractingCount() {
        // COUNT(*) per key is emitted as +I 1, -U 1, +U 2, ...: the counter must end at the count
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, c BIGINT",
                                        ", 'data-type' = 'COUNTER', 'key.fields' = 'k',"
                                                + " 'key-prefix' = 'cnt:'")
                                + "INSERT INTO t SELECT k, COUNT(*) FROM (VALUES ('a'), ('b'),"
                                + " ('a'), ('a'), ('b'), ('c')) AS s(k) GROUP BY k;");
        assertThat(jedis.get("cnt:a")).isEqualTo("3");
        assertThat(jedis.get("cnt:b")).isEqualTo("2");
        assertThat(jedis.get("cnt:c")).isEqualTo("1");

        // an append stream of fractional amounts: INCRBYFLOAT
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, amount DECIMAL(10, 2)",
                                        ", 'data-type' = 'COUNTER', 'key.fields' = 'k'")
                                + "INSERT INTO t VALUES ('f', 1.25), ('f', 2.50);");
        assertThat(Double.parseDouble(jedis.get("f"))).isEqualTo(3.75);
    }

    @Test
    void hashCounterPerColumnAndPerFieldColumn() {
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, clicks INT, spent DOUBLE",
                                        ", 'data-type' = 'HASH_COUNTER', 'key.fields' = 'k'")
                                + "INSERT INTO t VALUES ('u', 1, 0.5), ('u', 2, 1.0),"
                                + " ('u', 3, CAST(NULL AS DOUBLE));");
        assertThat(jedis.hget("u", "clicks")).isEqualTo("6");
        assertThat(Double.parseDouble(jedis.hget("u", "spent"))).isEqualTo(1.5);

        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, f STRING, n BIGINT",
                                        ", 'data-type' = 'HASH_COUNTER', 'key.fields' = 'k',"
                                                + " 'hash.field-column' = 'f'")
                                + "INSERT INTO t SELECT k, f, COUNT(*) FROM (VALUES ('p', 'x'),"
                                + " ('p', 'x'), ('p', 'y')) AS s(k, f) GROUP BY k, f;");
        assertThat(jedis.hgetAll("p")).isEqualTo(Map.of("x", "2", "y", "1"));
    }

    @Test
    void publishSendsEveryRow() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(3);
        JedisPubSub listener =
                new JedisPubSub() {
                    @Override
                    public void onMessage(String channel, String message) {
                        received.add(channel + "=" + message);
                        all.countDown();
                    }

                    @Override
                    public void onSubscribe(String channel, int subscribedChannels) {
                        subscribed.countDown();
                    }
                };
        Thread subscriber =
                new Thread(
                        () -> {
                            try (Jedis sub = REDIS.server().newJedis()) {
                                sub.subscribe(listener, "events", "ch:a");
                            }
                        });
        subscriber.start();
        try {
            assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
            FlinkSql.streaming()
                    .executeScript(
                            table(
                                            "k STRING, v STRING",
                                            ", 'data-type' = 'PUBLISH', 'publish.channel' ="
                                                    + " 'events', 'value.column' = 'v'")
                                    + "INSERT INTO t VALUES ('x', 'one'), ('y', 'two');");
            FlinkSql.streaming()
                    .executeScript(
                            table(
                                            "k STRING, v STRING",
                                            ", 'data-type' = 'PUBLISH', 'key.fields' = 'k',"
                                                    + " 'key-prefix' = 'ch:'")
                                    + "INSERT INTO t VALUES ('a', 'three');");
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            listener.unsubscribe();
            subscriber.join(10_000);
        }
        assertThat(received).containsExactlyInAnyOrder("events=one", "events=two", "ch:a=three");
    }

    @Test
    void deletesRemoveAndCanBeIgnored() throws Exception {
        List<Row> changelog =
                List.of(
                        Row.ofKind(RowKind.INSERT, "a", "1"),
                        Row.ofKind(RowKind.INSERT, "b", "2"),
                        Row.ofKind(RowKind.UPDATE_BEFORE, "b", "2"),
                        Row.ofKind(RowKind.UPDATE_AFTER, "b", "3"),
                        Row.ofKind(RowKind.DELETE, "a", "1"));
        runChangelog(changelog, "'key-prefix' = 'del:'");
        assertThat(jedis.exists("del:a")).isFalse();
        assertThat(jedis.get("del:b")).isEqualTo("3");

        runChangelog(changelog, "'key-prefix' = 'keep:', 'sink.ignore-delete' = 'true'");
        assertThat(jedis.get("keep:a")).isEqualTo("1");
        assertThat(jedis.get("keep:b")).isEqualTo("3");

        runChangelog(changelog, "'key-prefix' = 'h:', 'data-type' = 'HASH'");
        assertThat(jedis.exists("h:a")).isFalse();
        assertThat(jedis.hgetAll("h:b")).isEqualTo(Map.of("v", "3"));

        runChangelog(changelog, "'data-type' = 'SET', 'key.fields' = 'k', 'key-prefix' = 's:'");
        assertThat(jedis.exists("s:a")).isFalse();
        assertThat(jedis.smembers("s:b")).containsExactly("3");

        runChangelog(
                changelog,
                "'data-type' = 'COUNTER', 'key.fields' = 'k', 'key-prefix' = 'c:',"
                        + " 'value.column' = 'n'",
                "n");
        assertThat(jedis.get("c:a")).isEqualTo("0");
        assertThat(jedis.get("c:b")).isEqualTo("3");
    }

    /** Writes {@code rows} (k, v) through fromChangelogStream into a Redis table. */
    private void runChangelog(List<Row> rows, String options) throws Exception {
        runChangelog(rows, options, null);
    }

    private void runChangelog(List<Row> rows, String options, String numericColumn)
            throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        boolean upsert = options.contains("'data-type' = 'HASH'") || !options.contains("data-type");
        Table input =
                tEnv.fromChangelogStream(
                        env.fromData(rows)
                                .returns(
                                        org.apache.flink.api.common.typeinfo.Types.ROW_NAMED(
                                                new String[] {"k", "v"},
                                                org.apache.flink.api.common.typeinfo.Types.STRING,
                                                org.apache.flink.api.common.typeinfo.Types.STRING)),
                        Schema.newBuilder()
                                .column("k", DataTypes.STRING().notNull())
                                .column("v", DataTypes.STRING())
                                .build());
        tEnv.createTemporaryView("changes", input);
        String columns =
                numericColumn == null
                        ? "k STRING NOT NULL, v STRING"
                        : "k STRING NOT NULL, " + numericColumn + " BIGINT";
        String select = numericColumn == null ? "k, v" : "k, CAST(v AS BIGINT) AS " + numericColumn;
        tEnv.executeSql(
                "CREATE TABLE t ("
                        + columns
                        + (upsert ? ", PRIMARY KEY (k) NOT ENFORCED" : "")
                        + ") WITH ('connector' = 'redis', 'host' = '"
                        + REDIS.server().host()
                        + "', 'port' = '"
                        + REDIS.server().port()
                        + "', "
                        + options
                        + ")");
        tEnv.executeSql(
                        "INSERT INTO t SELECT "
                                + select
                                + " FROM changes"
                                + (upsert ? FlinkVersion.onConflictDeduplicate() : ""))
                .await(2, TimeUnit.MINUTES);
    }

    @Test
    void ttlExpiresKeys() {
        FlinkSql.streaming()
                .executeScript(
                        table(
                                        "k STRING, a STRING, PRIMARY KEY (k) NOT ENFORCED",
                                        ", 'data-type' = 'HASH', 'sink.ttl' = '1 h'")
                                + "INSERT INTO t VALUES ('ttl', 'x')"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        long pttl = jedis.pttl("ttl");
        assertThat(pttl).isPositive().isLessThanOrEqualTo(3_600_000L);
        assertThat(jedis.hget("ttl", "a")).isEqualTo("x");
    }

    @Test
    void wrongTypeNamesTheKey() {
        jedis.rpush("wt:a", "already a list");
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                table(
                                                                "k STRING, f STRING,"
                                                                        + " PRIMARY KEY (k) NOT ENFORCED",
                                                                ", 'data-type' = 'HASH',"
                                                                        + " 'key-prefix' = 'wt:'")
                                                        + "INSERT INTO t VALUES ('a', 'x')"
                                                        + FlinkVersion.onConflictDeduplicate()
                                                        + ";"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("WRONGTYPE", "HSET 'wt:a'", "key 'wt:a'"));
    }

    @Test
    void unreachableRedisFailsAfterBoundedRetriesNamingTheAddress() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String ddl =
                "CREATE TABLE t (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                        + "'connector' = 'redis', 'host' = '127.0.0.1', 'port' = '"
                        + closedPort
                        + "', 'password' = 'do-not-print-me', 'sink.max-retries' = '2',"
                        + " 'sink.retry.backoff' = '10 ms', 'connect-timeout' = '500 ms');";
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl
                                                        + "INSERT INTO t VALUES ('a', 'b')"
                                                        + FlinkVersion.onConflictDeduplicate()
                                                        + ";"))
                .satisfies(
                        e -> {
                            String text = ExceptionUtils.stringifyException(e);
                            assertThat(text)
                                    .contains("127.0.0.1:" + closedPort)
                                    .contains("after 3 attempt(s)")
                                    .doesNotContain("do-not-print-me");
                        });
    }
}
