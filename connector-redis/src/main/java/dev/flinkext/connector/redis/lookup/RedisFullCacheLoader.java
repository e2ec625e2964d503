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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads a STRING or HASH table for lookup-core's FULL cache: one split per master node (one split
 * outside cluster mode), each read by {@link RedisKeyScanner} ({@code SCAN MATCH <pattern>} and a
 * pipelined GET / HGETALL per page).
 *
 * <p>A subtask's share ({@link LoadScope}, partitioned lookup joins) by {@link
 * RedisSlotPartitioning} reads only the hash slots of the share's slot range when the slot map is
 * exact at load time ({@link RedisClientProvider#slotMasters}: every slot served by a known master,
 * none MIGRATING or IMPORTING): its splits are runs of consecutive slots served by one master, at
 * most {@value #MAX_SLOTS_PER_SPLIT} slots each, read by {@link RedisKeyScanner#readSlots} ({@code
 * CLUSTER GETKEYSINSLOT}, then MGET per slot or the hash commands), so the share reads its own keys
 * only. Otherwise (a slot migrating: its keys are then on two masters; an unserved slot; a master
 * that does not answer) the share scans every master, as do other shares and every share outside
 * cluster mode. Either way the cache keeps only the share's keys.
 */
public final class RedisFullCacheLoader implements FullCacheLoader {

    private static final long serialVersionUID = 1L;

    /** The most hash slots of one split, so a share still loads as several parallel splits. */
    static final int MAX_SLOTS_PER_SPLIT = 512;

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
        if (scope.isAll() || !(scope.partitioning() instanceof RedisSlotPartitioning)) {
            return clients.masters().stream().map(n -> (LoadSplit) new NodeSplit(n)).toList();
        }
        // the partitioning knows slots, not masters: the slot map is known only here
        int first = RedisSlotPartitioning.firstSlotOf(scope.subtask(), scope.numSubtasks());
        int end = RedisSlotPartitioning.firstSlotOf(scope.subtask() + 1, scope.numSubtasks());
        Optional<List<RedisAddress>> owners = clients.slotMasters(first, end);
        if (owners.isEmpty()) {
            // not exact (a slot migrating, whose keys are then on two masters; an unserved slot;
            // a master that did not answer): scan every master, the cache keeps the share's keys
            return clients.masters().stream().map(n -> (LoadSplit) new NodeSplit(n)).toList();
        }
        List<LoadSplit> splits = new ArrayList<>();
        List<RedisAddress> masters = owners.get();
        int runStart = first;
        for (int slot = first + 1; slot <= end; slot++) {
            if (slot == end
                    || !masters.get(slot - first).equals(masters.get(runStart - first))
                    || slot - runStart == MAX_SLOTS_PER_SPLIT) {
                splits.add(new SlotSplit(masters.get(runStart - first), runStart, slot));
                runStart = slot;
            }
        }
        return splits;
    }

    @Override
    public void read(LoadSplit split, LoadScope scope, RowConsumer out) throws Exception {
        if (split instanceof SlotSplit slots) {
            scanners.get()
                    .readSlots(
                            clients, slots.node(), slots.firstSlot(), slots.endSlot(), out::accept);
        } else {
            scanners.get().readAll(clients, ((NodeSplit) split).node(), out::accept);
        }
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }

    /** The keys of hash slots {@code [firstSlot, endSlot)}, served by master {@code node}. */
    record SlotSplit(RedisAddress node, int firstSlot, int endSlot) implements LoadSplit {
        @Override
        public String toString() {
            return "Redis node " + node + " hash slots " + firstSlot + "-" + (endSlot - 1);
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
