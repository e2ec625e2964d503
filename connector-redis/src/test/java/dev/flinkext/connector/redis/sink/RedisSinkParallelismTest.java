package dev.flinkext.connector.redis.sink;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.table.api.ExplainDetail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sink.parallelism} sets the writer's parallelism, independent of the job's. */
class RedisSinkParallelismTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final Pattern WRITER =
            Pattern.compile(
                    "\"contents\"\\s*:\\s*\"[^\"]*Writer[^\"]*\"[^}]*?\"parallelism\"\\s*:\\s*(\\d+)");

    @Test
    void writerRunsWithTheConfiguredParallelism() {
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                RedisSinkSqlTest.table(
                        "t",
                        "k STRING, v STRING, PRIMARY KEY (k) NOT ENFORCED",
                        REDIS.server(),
                        ", 'sink.parallelism' = '3'"));
        String insert =
                "INSERT INTO t SELECT CAST(n AS STRING), 'v' || CAST(n AS STRING)"
                        + " FROM (VALUES (1), (2), (3), (4)) AS s(n)"
                        + FlinkVersion.onConflictDeduplicate();

        String plan = sql.tableEnv().explainSql(insert, ExplainDetail.JSON_EXECUTION_PLAN);
        Matcher writer = WRITER.matcher(plan);
        assertThat(writer.find()).as(plan).isTrue();
        assertThat(writer.group(1)).isEqualTo("3");

        sql.executeScript(insert + ";");
        try (Jedis jedis = REDIS.server().newJedis()) {
            assertThat(jedis.mget("1", "2", "3", "4")).containsExactly("v1", "v2", "v3", "v4");
        }
    }
}
