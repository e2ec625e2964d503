package dev.flinkext.delayed;

import dev.flinkext.lookup.config.DelayedRetryOptions.FinalMiss;
import dev.flinkext.testing.redis.RedisServer;

import redis.clients.jedis.Jedis;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The late-row scenarios both faces of the delayed join are tested with, over {@link
 * LateDimensionRows}: reads a running job's joined rows and writes the late dimension rows at the
 * moment the scenario says, checking each row on its way.
 */
public final class LateRowsScenario {

    private static final int ON_TIME = 300 - 10 - 5;

    private LateRowsScenario() {}

    /**
     * Every on-time row comes out while the 10 late ones still wait; then their dimension rows are
     * written and each late row comes out once, after that. Checks that every row but the never
     * ones came out once with {@code v<id>}.
     *
     * @param value a joined row's dimension value, {@code "null"} for none
     */
    public static <R> void lateRowsJoinedAfterTheirWrite(
            Iterator<R> rows, ToLongFunction<R> id, Function<R, String> value, RedisServer redis) {
        Map<Long, String> byId = new HashMap<>();
        boolean written = false;
        int lateJoined = 0;
        while (lateJoined < 10) {
            R row = rows.next();
            long rowId = id.applyAsLong(row);
            if (rowId > 300) {
                continue; // the tail
            }
            assertThat(byId.put(rowId, value.apply(row))).as("id %d once", rowId).isNull();
            if (LateDimensionRows.late(rowId)) {
                assertThat(written)
                        .as("late id %d joined after its row was written", rowId)
                        .isTrue();
                lateJoined++;
            }
            if (!written && byId.size() == ON_TIME) {
                // every on-time row is out while the 10 late ones still wait
                assertThat(byId.keySet()).noneMatch(LateDimensionRows::late);
                LateDimensionRows.writeLate(redis);
                written = true;
            }
        }
        assertThat(byId).hasSize(300 - 5);
        for (long i = 1; i <= 300; i++) {
            if (!LateDimensionRows.never(i)) {
                assertThat(byId.get(i)).as("id %d", i).isEqualTo("v" + i);
            }
        }
    }

    /**
     * The 10 late rows share key {@code k10} and only 4 may wait: ids 10..15 come out as final
     * misses before any dimension row is written, then {@code d:k10} is written and ids 16..19 come
     * out joined.
     *
     * @param value a row's dimension value, {@code "null"} for none
     * @return the late rows' values by id, for the caller's further checks
     */
    public static <R> Map<Long, String> oldestRowsEvictedPastMaxWaitingRows(
            Iterator<R> rows, ToLongFunction<R> id, Function<R, String> value, RedisServer redis) {
        Map<Long, String> late = new HashMap<>();
        int onTime = 0;
        boolean written = false;
        while (late.size() < 10) {
            R row = rows.next();
            long rowId = id.applyAsLong(row);
            if (LateDimensionRows.late(rowId)) {
                assertThat(late.put(rowId, value.apply(row))).as("id %d once", rowId).isNull();
                assertThat(written).as("id %d", rowId).isEqualTo(rowId > 15);
            } else if (rowId <= 300) {
                onTime++;
            }
            if (!written && onTime == ON_TIME && late.size() == 6) {
                try (Jedis jedis = redis.newJedis()) {
                    jedis.set("d:k10", "v10"); // for the 4 rows still waiting
                }
                written = true;
            }
        }
        for (long i = 10; i <= 19; i++) {
            assertThat(late.get(i)).as("id %d", i).startsWith(i <= 15 ? "null" : "v10");
        }
        return late;
    }

    /**
     * The rows of a bounded run over ids 1..100 (as {@code id=v<id>}, {@code id=null} for a
     * NULL-padded final miss, {@code id=side} for one in the side output) under {@code policy}: the
     * never ones (30..34) took their final miss, every other row is joined.
     */
    public static void assertFinalMissOutcome(Set<String> rows, FinalMiss policy) {
        for (long id = 1; id <= 100; id++) {
            String expected =
                    !LateDimensionRows.never(id)
                            ? id + "=v" + id
                            : switch (policy) {
                                case EMIT_NULL -> id + "=null";
                                case SIDE_OUTPUT -> id + "=side";
                                case DROP -> null;
                            };
            if (expected != null) {
                assertThat(rows).contains(expected);
            }
        }
        assertThat(rows).hasSize(policy == FinalMiss.DROP ? 95 : 100);
    }
}
