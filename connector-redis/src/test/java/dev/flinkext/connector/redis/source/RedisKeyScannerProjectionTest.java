package dev.flinkext.connector.redis.source;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.config.RedisConnectorOptions;
import dev.flinkext.connector.redis.config.RedisDataType;
import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;
import dev.flinkext.connector.redis.mapping.RedisRowDecoder;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projected HASH scan against a real Redis, where SQL cannot reach: a key deleted between SCAN
 * and HMGET is skipped (HMGET's all-null reply alone cannot tell it from a hash without the
 * projected fields).
 */
class RedisKeyScannerProjectionTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    private static RedisTableMapping users() {
        Configuration conf = new Configuration();
        conf.set(RedisConnectorOptions.DATA_TYPE, RedisDataType.HASH);
        conf.set(RedisConnectorOptions.KEY_PREFIX, "u:");
        List<LogicalType> types =
                List.of(new BigIntType(), VarCharType.STRING_TYPE, VarCharType.STRING_TYPE);
        return RedisTableMappingResolver.resolve(
                List.of("id", "name", "city"), types, List.of("id"), conf, false);
    }

    @Test
    void keyDeletedBetweenScanAndHmgetIsSkippedButAHashWithoutTheFieldsIsARow() throws Exception {
        REDIS.server().flushAll();
        try (Jedis jedis = REDIS.server().newJedis()) {
            jedis.hset("u:1", Map.of("name", "ann", "city", "rome"));
            jedis.hset("u:2", Map.of("city", "oslo")); // no 'name': a row with name null
            jedis.hset("u:3", Map.of("name", "gone")); // deleted right after SCAN
        }
        RedisKeyScanner scanner =
                new RedisKeyScanner(
                        RedisRowDecoder.of(users(), null).withProjection(new int[] {1, 0}),
                        "u:*",
                        100);
        scanner.open(null); // no value format: nothing to open with a context
        RedisConnectionOptions connection =
                RedisConnectionOptions.builder()
                        .standalone(REDIS.server().host(), REDIS.server().port())
                        .build();
        List<String> rows = new ArrayList<>();
        try (RedisClientProvider real = RedisClientProvider.create(connection);
                RedisClientProvider deleting = new DeleteAfterScan(real, "u:3")) {
            RedisAddress node = deleting.masters().get(0);
            scanner.readAll(deleting, node, row -> rows.add(text(row)));
        }
        assertThat(rows).containsExactlyInAnyOrder("ann/1", "null/2");
    }

    private static String text(RowData row) {
        return (row.isNullAt(0) ? "null" : row.getString(0).toString()) + "/" + row.getLong(1);
    }

    /** The real provider, whose pipelines delete one key once the first sync (the SCAN) is done. */
    private static final class DeleteAfterScan implements RedisClientProvider {
        private final RedisClientProvider real;
        private final String doomed;

        DeleteAfterScan(RedisClientProvider real, String doomed) {
            this.real = real;
            this.doomed = doomed;
        }

        @Override
        public Pipeline pipeline(RedisAddress node) {
            return new Pipeline(real.connection(node), true) {
                private int syncs;

                @Override
                public void sync() {
                    super.sync();
                    if (++syncs == 1) {
                        try (Jedis jedis = REDIS.server().newJedis()) {
                            jedis.del(doomed);
                        }
                    }
                }
            };
        }

        @Override
        public UnifiedJedis client() {
            return real.client();
        }

        @Override
        public RedisAddress nodeOf(byte[] key) {
            return real.nodeOf(key);
        }

        @Override
        public List<RedisAddress> masters() {
            return real.masters();
        }

        @Override
        public Connection connection(RedisAddress node) {
            return real.connection(node);
        }

        @Override
        public void refreshTopology() {
            real.refreshTopology();
        }

        @Override
        public String describe() {
            return real.describe();
        }

        @Override
        public void close() {}
    }
}
