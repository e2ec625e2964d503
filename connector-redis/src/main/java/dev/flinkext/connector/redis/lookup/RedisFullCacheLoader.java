package dev.flinkext.connector.redis.lookup;

import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.connector.redis.config.RedisConnectionOptions;
import dev.flinkext.connector.redis.source.RedisKeyScanner;
import dev.flinkext.lookup.format.DecoderContexts;
import dev.flinkext.lookup.format.PerThreadDecoder;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.LoadScope;

import org.apache.flink.table.functions.FunctionContext;

import java.util.List;

/**
 * Loads a STRING or HASH table for lookup-core's FULL cache: one split per master node (one split
 * outside cluster mode), each read by {@link RedisKeyScanner} ({@code SCAN MATCH <pattern>} and a
 * pipelined GET / HGETALL per page).
 *
 * <p>A subtask's share ({@link LoadScope}, partitioned lookup joins) by {@link
 * RedisSlotPartitioning} reads only the masters that own a slot of the share's slot range, as the
 * slot map says at load time (every master while a slot migrates: its keys are then on two). Other
 * shares read every node. Either way the cache keeps only the share's keys.
 */
public final class RedisFullCacheLoader implements FullCacheLoader {

    private static final long serialVersionUID = 1L;

    private final RedisConnectionOptions connection;
    private final PerThreadDecoder<RedisKeyScanner> scanners;

    private transient RedisClientProvider clients;

    public RedisFullCacheLoader(RedisConnectionOptions connection, RedisKeyScanner scanner) {
        this.connection = connection;
        this.scanners = new PerThreadDecoder<>(scanner);
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        // the nodes of a cluster load in parallel: each load thread decodes with its own copy
        scanners.open(context.getUserCodeClassLoader(), s -> s.open(DecoderContexts.of(context)));
        clients = RedisClientProvider.create(connection);
    }

    @Override
    public List<LoadSplit> splits(LoadScope scope) {
        // re-read the topology: a reload after a failover or resharding must see today's masters
        clients.refreshTopology();
        List<RedisAddress> nodes = clients.masters();
        if (!scope.isAll() && scope.partitioning() instanceof RedisSlotPartitioning) {
            // the partitioning knows slots, not masters: the slot map is known only here
            nodes =
                    clients.mastersOfSlots(
                            RedisSlotPartitioning.firstSlotOf(scope.subtask(), scope.numSubtasks()),
                            RedisSlotPartitioning.firstSlotOf(
                                    scope.subtask() + 1, scope.numSubtasks()));
        }
        return nodes.stream().map(NodeSplit::new).map(s -> (LoadSplit) s).toList();
    }

    @Override
    public void read(LoadSplit split, LoadScope scope, RowConsumer out) throws Exception {
        scanners.get().readAll(clients, ((NodeSplit) split).node(), out::accept);
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }

    /** One master node's keys; named by its host:port. */
    record NodeSplit(RedisAddress node) implements LoadSplit {
        @Override
        public String toString() {
            return "Redis node " + node;
        }
    }
}
