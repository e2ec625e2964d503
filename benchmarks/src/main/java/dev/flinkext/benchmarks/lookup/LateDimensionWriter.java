package dev.flinkext.benchmarks.lookup;

import dev.flinkext.testing.redis.RedisServer;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The background writer: the dimension row {@code dim:<id>} of a late stream row is written {@code
 * lateMs + (id * 2654435761 mod spreadMs)} ms after the row reached the join (so lateness is spread
 * evenly over [lateMs, lateMs + spreadMs), deterministic per id). One thread, one Redis connection;
 * everything due at once goes in one pipeline. The write time recorded for a row is taken just
 * before its pipeline is sent.
 */
final class LateDimensionWriter implements AutoCloseable {

    static final String PREFIX = "dim:";

    private record Due(long id, long atNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(atNanos, ((Due) o).atNanos);
        }
    }

    private final DelayQueue<Due> queue = new DelayQueue<>();
    private final long lateNanos;
    private final long spreadMs;
    private final Thread thread;
    private volatile AtomicLongArray writeNanos;
    private volatile Throwable failure;

    LateDimensionWriter(RedisServer redis, long lateMs, long spreadMs) {
        this.lateNanos = TimeUnit.MILLISECONDS.toNanos(lateMs);
        this.spreadMs = Math.max(1, spreadMs);
        this.thread = new Thread(() -> run(redis), "late-dimension-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Where the next job's write times go. */
    void recordInto(AtomicLongArray writeNanos) {
        queue.clear();
        this.writeNanos = writeNanos;
    }

    long lateMillis(long id) {
        return TimeUnit.NANOSECONDS.toMillis(lateNanos) + Math.floorMod(id * 2654435761L, spreadMs);
    }

    void schedule(long id, long emitNanos) {
        queue.add(new Due(id, emitNanos + TimeUnit.MILLISECONDS.toNanos(lateMillis(id))));
    }

    /** Rows whose dimension row is still to be written. */
    int waiting() {
        return queue.size();
    }

    Throwable failure() {
        return failure;
    }

    private void run(RedisServer redis) {
        List<Due> due = new ArrayList<>();
        try (Jedis jedis = redis.newJedis()) {
            while (true) {
                Due first = queue.take();
                due.clear();
                due.add(first);
                queue.drainTo(due);
                AtomicLongArray times = writeNanos;
                long now = System.nanoTime();
                Pipeline pipeline = jedis.pipelined();
                for (Due d : due) {
                    pipeline.set(PREFIX + d.id(), "v-" + d.id());
                    times.set((int) d.id(), now);
                }
                pipeline.sync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Override
    public void close() throws InterruptedException {
        queue.clear();
        thread.interrupt();
        thread.join(5000);
    }
}
