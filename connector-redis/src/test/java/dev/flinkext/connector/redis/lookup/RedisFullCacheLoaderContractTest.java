package dev.flinkext.connector.redis.lookup;

import dev.flinkext.lookup.contract.FullCacheLoaderContract;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.testing.process.FreePorts;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.flink.table.data.RowData;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import javax.annotation.Nullable;

import java.util.List;

/**
 * lookup-core's FULL cache loader contract against a real Redis (SCAN), for a STRING table ({@code
 * value.format = json}) and a HASH table (one field per column).
 */
class RedisFullCacheLoaderContractTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    private static final int CLOSED_PORT = FreePorts.pick();

    /** The contract on one Redis table layout. */
    abstract static class OnRedis extends FullCacheLoaderContract {
        private final RedisContractTables table;

        OnRedis(RedisContractTables table) {
            this.table = table;
        }

        @Override
        protected void emptyStore() {
            REDIS.server().flushAll();
        }

        @Override
        protected void store(List<? extends RowData> rows) {
            try (Jedis jedis = REDIS.server().newJedis()) {
                table.write(jedis, rows);
            }
        }

        @Override
        protected FullCacheLoader createLoader(@Nullable int[] projection) {
            return table.loader(REDIS.server().host(), REDIS.server().port(), projection);
        }

        @Override
        protected FullCacheLoader createUnreachableLoader() {
            return table.loader("127.0.0.1", CLOSED_PORT, null);
        }

        @Override
        protected String unreachableAddress() {
            return "127.0.0.1:" + CLOSED_PORT;
        }
    }

    @Nested
    class StringJson extends OnRedis {
        StringJson() {
            super(RedisContractTables.stringJson());
        }
    }

    @Nested
    class HashFieldPerColumn extends OnRedis {
        HashFieldPerColumn() {
            super(RedisContractTables.hash());
        }
    }
}
