package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.concurrent.DaemonThreadFactory;
import dev.flinkext.common.resource.Closeables;
import dev.flinkext.sink.writer.BlockingBatchWriter;
import dev.flinkext.sink.writer.WriteOutcome;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One attempt at a batch. Into a plain table (one {@link ClickHouseInsertTarget}): one INSERT of
 * every row. With {@code sink.write-local} (a target per shard, rows tagged with their shard by
 * {@link ClickHouseRowConverter}): the batch split by shard and one INSERT per shard's local table,
 * all shards at once; rows of a shard whose INSERT went unconfirmed are retried by sink-core
 * ({@code sink.max-retries}, capped backoff) while the other shards' rows count as written. A shard
 * refusing its rows for good fails the job with the server's answer, naming the shard's table and
 * endpoint.
 */
final class ClickHouseBatchWriter extends BlockingBatchWriter<ClickHouseInsertRow> {

    private final List<ClickHouseInsertTarget> shards;
    private final @Nullable ExecutorService shardPool;

    /**
     * @param shards the INSERT targets by shard index (one for a plain table)
     * @param name the table and endpoints, naming threads
     * @param threads batches written at once
     */
    ClickHouseBatchWriter(List<ClickHouseInsertTarget> shards, String name, int threads) {
        super(name, threads);
        this.shards = List.copyOf(shards);
        this.shardPool =
                shards.size() <= 1
                        ? null
                        : Executors.newFixedThreadPool(
                                shards.size() * Math.max(1, threads),
                                DaemonThreadFactory.named("flinkext-clickhouse-shard " + name));
    }

    @Override
    protected WriteOutcome writeBlocking(List<ClickHouseInsertRow> rows)
            throws IOException, InterruptedException {
        if (rows.isEmpty()) {
            return WriteOutcome.allConfirmed();
        }
        if (shardPool == null) {
            IOException unconfirmed = shards.get(0).insert(rows);
            return unconfirmed == null
                    ? WriteOutcome.allConfirmed()
                    : WriteOutcome.unconfirmed(allPositions(rows.size()), unconfirmed);
        }
        List<List<ClickHouseInsertRow>> rowsByShard = new ArrayList<>(shards.size());
        List<int[]> positionsByShard = new ArrayList<>(shards.size());
        split(rows, rowsByShard, positionsByShard);
        List<Future<IOException>> attempts = new ArrayList<>(shards.size());
        for (int shard = 0; shard < shards.size(); shard++) {
            ClickHouseInsertTarget target = shards.get(shard);
            List<ClickHouseInsertRow> part = rowsByShard.get(shard);
            attempts.add(part.isEmpty() ? null : shardPool.submit(() -> target.insert(part)));
        }
        int[] unconfirmed = new int[0];
        IOException cause = null;
        IOException rejected = null;
        for (int shard = 0; shard < attempts.size(); shard++) {
            Future<IOException> attempt = attempts.get(shard);
            if (attempt == null) {
                continue;
            }
            IOException failure;
            try {
                failure = attempt.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException refused) {
                    rejected = addTo(rejected, refused);
                    continue;
                }
                failure = new IOException("INSERT into " + shards.get(shard) + " failed", e);
            } catch (InterruptedException e) {
                for (Future<IOException> other : attempts) {
                    if (other != null) {
                        other.cancel(true);
                    }
                }
                throw e;
            }
            if (failure != null) {
                cause = addTo(cause, failure);
                unconfirmed = concat(unconfirmed, positionsByShard.get(shard));
            }
        }
        if (rejected != null) {
            throw rejected;
        }
        return cause == null
                ? WriteOutcome.allConfirmed()
                : WriteOutcome.unconfirmed(sorted(unconfirmed), cause);
    }

    private void split(
            List<ClickHouseInsertRow> rows,
            List<List<ClickHouseInsertRow>> rowsByShard,
            List<int[]> positionsByShard) {
        int[] counts = new int[shards.size()];
        for (ClickHouseInsertRow row : rows) {
            counts[row.shard()]++;
        }
        int[] filled = new int[shards.size()];
        for (int shard = 0; shard < shards.size(); shard++) {
            rowsByShard.add(new ArrayList<>(counts[shard]));
            positionsByShard.add(new int[counts[shard]]);
        }
        for (int i = 0; i < rows.size(); i++) {
            int shard = rows.get(i).shard();
            rowsByShard.get(shard).add(rows.get(i));
            positionsByShard.get(shard)[filled[shard]++] = i;
        }
    }

    private static IOException addTo(@Nullable IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static int[] allPositions(int n) {
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        return positions;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] sorted(int[] positions) {
        java.util.Arrays.sort(positions);
        return positions;
    }

    @Override
    protected void closeClient() throws Exception {
        if (shardPool != null) {
            shardPool.shutdownNow();
            shardPool.awaitTermination(10, TimeUnit.SECONDS);
        }
        Closeables.closeAll(shards);
    }
}
