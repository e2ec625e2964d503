package dev.flinkext.connector.redis.table;

import dev.flinkext.testing.flink.FlinkVersion;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Planning-time checks: no server and no job involved (the factory runs while planning). */
class RedisTableValidationTest {

    private final TableEnvironment tEnv =
            TableEnvironment.create(EnvironmentSettings.inStreamingMode());

    /** Plans {@code INSERT INTO t SELECT * FROM src} for a Redis table t and returns the error. */
    private String planError(String columns, String options) {
        tEnv.executeSql("DROP TABLE IF EXISTS t");
        tEnv.executeSql("DROP TABLE IF EXISTS src");
        tEnv.executeSql(
                "CREATE TABLE t (" + columns + ") WITH ('connector' = 'redis'" + options + ")");
        tEnv.executeSql("CREATE TABLE src WITH ('connector' = 'datagen') LIKE t (EXCLUDING ALL)");
        Throwable error =
                org.junit.jupiter.api.Assertions.assertThrows(
                        Throwable.class, () -> tEnv.explainSql(insert(columns)));
        return ExceptionUtils.stringifyException(error);
    }

    /** An insert-only INSERT: Flink 2.3 wants ON CONFLICT for it when t has a primary key. */
    private static String insert(String columns) {
        return "INSERT INTO t SELECT * FROM src"
                + (columns.contains("PRIMARY KEY") ? FlinkVersion.onConflictDeduplicate() : "");
    }

    private void plans(String columns, String options) {
        tEnv.executeSql("DROP TABLE IF EXISTS t");
        tEnv.executeSql("DROP TABLE IF EXISTS src");
        tEnv.executeSql(
                "CREATE TABLE t (" + columns + ") WITH ('connector' = 'redis'" + options + ")");
        tEnv.executeSql("CREATE TABLE src WITH ('connector' = 'datagen') LIKE t (EXCLUDING ALL)");
        assertThat(tEnv.explainSql(insert(columns))).contains("LogicalSink");
    }

    @Test
    void unknownOptionIsNamed() {
        assertThat(planError("k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED", ", 'hots' = 'x'"))
                .contains("hots");
    }

    @Test
    void passwordsAreMaskedInValidationErrors() {
        String error =
                planError(
                        "k STRING, a STRING, b INT",
                        ", 'data-type' = 'HASH', 'password' = 'top-s3cret',"
                                + " 'ssl.truststore.password' = 'tru5t-s3cret'");
        assertThat(error).contains("needs a PRIMARY KEY").doesNotContain("s3cret");
    }

    @Test
    void hashWithoutPrimaryKeyIsRefused() {
        assertThat(planError("k STRING, a STRING, b INT", ", 'data-type' = 'HASH'"))
                .contains("'data-type' = 'HASH' needs a PRIMARY KEY");
    }

    @Test
    void sortedSetNeedsANumericScoreColumn() {
        assertThat(
                        planError(
                                "k STRING, m STRING, s DOUBLE",
                                ", 'data-type' = 'SORTED_SET', 'key.fields' = 'k'"))
                .contains("needs option 'sorted-set.score-column'");
        assertThat(
                        planError(
                                "k STRING, m STRING, s STRING",
                                ", 'data-type' = 'SORTED_SET', 'key.fields' = 'k',"
                                        + " 'sorted-set.score-column' = 's'"))
                .contains("Column 's'", "must be numeric", "STRING");
    }

    @Test
    void counterNeedsANumericAmount() {
        assertThat(planError("k STRING, c STRING", ", 'data-type' = 'COUNTER', 'key.fields' = 'k'"))
                .contains("Column 'c'", "must be numeric");
    }

    @Test
    void ambiguousValueColumnNamesTheCandidates() {
        assertThat(planError("k STRING, a STRING, b STRING, PRIMARY KEY (k) NOT ENFORCED", ""))
                .contains("[a, b]", "'value.column'");
    }

    @Test
    void conflictingOptionsAreNamed() {
        String pk = "k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED";
        assertThat(planError(pk, ", 'value.column' = 'v', 'value.format' = 'json'"))
                .contains("'value.column' and 'value.format' exclude each other");
        assertThat(planError(pk, ", 'mode' = 'CLUSTER', 'nodes' = 'h:1', 'host' = 'x'"))
                .contains("Option 'host' conflicts with 'mode' = 'CLUSTER'");
        assertThat(planError(pk, ", 'sorted-set.score-column' = 'v'"))
                .contains("'sorted-set.score-column' applies to 'data-type' [SORTED_SET]");
        assertThat(planError(pk, ", 'value.column' = 'nope'"))
                .contains("'value.column' names column 'nope'");
        assertThat(planError(pk, ", 'sink.buffer-flush.max-rows' = '0'"))
                .contains("'sink.buffer-flush.max-rows': 0", "must be at least 1");
    }

    @Test
    void hashFieldColumnNeedsPrimaryKeyOfKeyAndField() {
        assertThat(
                        planError(
                                "k STRING, f STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED",
                                ", 'data-type' = 'HASH', 'hash.field-column' = 'f'"))
                .contains("PRIMARY KEY must be the key columns plus the field column [k, f]");
        plans(
                "k STRING, f STRING, v STRING, PRIMARY KEY (k, f) NOT ENFORCED",
                ", 'data-type' = 'HASH', 'hash.field-column' = 'f', 'key.fields' = 'k'");
    }

    @Test
    void unsupportedKeyTypeIsNamed() {
        assertThat(planError("k ARRAY<INT> NOT NULL, v STRING, PRIMARY KEY (k) NOT ENFORCED", ""))
                .contains("Column 'k'", "ARRAY<INT>", "cannot be a key");
    }

    @Test
    void everyDataTypePlans() {
        plans("k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED", "");
        plans("k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED", ", 'value.format' = 'json'");
        plans("k STRING, a STRING, b INT, PRIMARY KEY (k) NOT ENFORCED", ", 'data-type' = 'HASH'");
        plans("k STRING, v STRING", ", 'data-type' = 'LIST', 'key.fields' = 'k'");
        plans("k STRING, v STRING", ", 'data-type' = 'SET', 'key.fields' = 'k'");
        plans(
                "k STRING, m STRING, s DOUBLE",
                ", 'data-type' = 'SORTED_SET', 'key.fields' = 'k', 'sorted-set.score-column' = 's'");
        plans("k STRING, c BIGINT", ", 'data-type' = 'COUNTER', 'key.fields' = 'k'");
        plans("k STRING, a INT, b DOUBLE", ", 'data-type' = 'HASH_COUNTER', 'key.fields' = 'k'");
        plans("k STRING, v STRING", ", 'data-type' = 'PUBLISH', 'key.fields' = 'k'");
    }

    private String readError(String ddl, String query) {
        tEnv.executeSql(ddl);
        try {
            tEnv.explainSql(query);
        } catch (Exception e) {
            return ExceptionUtils.stringifyException(e);
        }
        throw new AssertionError("planned without error: " + query);
    }

    @Test
    void readingAListIsRefusedNamingDataType() {
        assertThat(
                        readError(
                                "CREATE TABLE r (k STRING, v STRING) WITH ('connector' = 'redis',"
                                        + " 'data-type' = 'LIST', 'key.fields' = 'k')",
                                "SELECT * FROM r"))
                .contains("'data-type' = 'LIST'")
                .contains("STRING' or 'HASH'");
    }

    @Test
    void lookupKeysMustCoverTheRedisKey() {
        tEnv.executeSql(
                "CREATE TABLE probe (a INT, b STRING, proc AS PROCTIME()) WITH ("
                        + "'connector' = 'datagen', 'number-of-rows' = '1')");
        assertThat(
                        readError(
                                "CREATE TABLE dim (id INT, region STRING, v STRING,"
                                        + " PRIMARY KEY (id, region) NOT ENFORCED)"
                                        + " WITH ('connector' = 'redis')",
                                "SELECT * FROM probe p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                                        + " ON d.id = p.a"))
                .contains("can only be looked up by its whole Redis key [id, region]")
                .contains("lacks [region]");
    }

    @Test
    void badReadOptionsAreNamed() {
        assertThat(
                        readError(
                                "CREATE TABLE r1 (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                                        + " WITH ('connector' = 'redis', 'scan.count' = '0')",
                                "SELECT * FROM r1"))
                .contains("'scan.count'");
        assertThat(
                        readError(
                                "CREATE TABLE r2 (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                                        + " WITH ('connector' = 'redis', 'lookup.cache' = 'FULL')",
                                "SELECT * FROM r2"))
                .contains("lookup.full-cache.periodic-reload.interval");
    }

    private static final String PK = "k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED";

    @Test
    void misspeltValueFormatOptionIsRefusedNamed() {
        assertThat(planError(PK, ", 'value.format' = 'json', 'value.format.xyz' = 'x'"))
                .contains("Unsupported options", "value.format.xyz");
        assertThat(
                        readError(
                                "CREATE TABLE r3 ("
                                        + PK
                                        + ") WITH ('connector' = 'redis',"
                                        + " 'value.format' = 'json', 'value.format.xyz' = 'x')",
                                "SELECT * FROM r3"))
                .contains("Unsupported options", "value.format.xyz");
    }

    @Test
    void misspeltFormatOptionIsRefusedNamed() {
        assertThat(
                        planError(
                                PK,
                                ", 'value.format' = 'json',"
                                        + " 'value.json.ignore-parse-errros' = 'true'"))
                .contains("Unsupported options", "value.json.ignore-parse-errros");
        assertThat(
                        readError(
                                "CREATE TABLE r4 ("
                                        + PK
                                        + ") WITH ('connector' = 'redis',"
                                        + " 'value.format' = 'json',"
                                        + " 'value.json.ignore-parse-errros' = 'true')",
                                "SELECT * FROM r4"))
                .contains("Unsupported options", "value.json.ignore-parse-errros");
    }

    @Test
    void validFormatOptionsPass() {
        String options =
                "'value.format' = 'json', 'value.json.ignore-parse-errors' = 'true',"
                        + " 'value.json.timestamp-format.standard' = 'ISO-8601'";
        plans(PK, ", " + options);
        tEnv.executeSql(
                "CREATE TABLE r5 (" + PK + ") WITH ('connector' = 'redis', " + options + ")");
        assertThat(tEnv.explainSql("SELECT * FROM r5")).contains("TableSourceScan");
    }

    @Test
    void lookupReadThreadsIsALookupCoreOptionValidatedByName() {
        assertThat(
                        readError(
                                "CREATE TABLE r6 (k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED)"
                                        + " WITH ('connector' = 'redis', 'lookup.read-threads' = '0')",
                                "SELECT * FROM r6"))
                .contains("'lookup.read-threads'", "must be at least 1");
    }
}
