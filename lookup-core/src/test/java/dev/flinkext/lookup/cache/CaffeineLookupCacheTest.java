package dev.flinkext.lookup.cache;

import dev.flinkext.lookup.config.PartialCacheOptions;
import dev.flinkext.lookup.metrics.LookupMetricNames;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.apache.flink.runtime.metrics.groups.InternalCacheMetricGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaffeineLookupCacheTest {

    private final FakeTicker ticker = new FakeTicker();
    private final RecordingMetricGroup metrics = new RecordingMetricGroup();
    private final List<CaffeineLookupCache> opened = new ArrayList<>();

    @AfterEach
    void closeCaches() throws Exception {
        for (CaffeineLookupCache cache : opened) {
            cache.close();
        }
    }

    private static RowData key(long id) {
        return GenericRowData.of(id);
    }

    private static RowData row(long id, String name) {
        return GenericRowData.of(id, StringData.fromString(name));
    }

    private CaffeineLookupCache open(PartialCacheOptions options) {
        return open(options, null);
    }

    private CaffeineLookupCache open(PartialCacheOptions options, InMemoryMultiKeyReader reader) {
        CaffeineLookupCache cache = CaffeineLookupCache.of(options, reader);
        cache.withTicker(ticker);
        cache.withExecutor(Runnable::run); // maintenance and refreshes on the calling thread
        cache.open(new InternalCacheMetricGroup(metrics, "cache"));
        opened.add(cache);
        return cache;
    }

    private static PartialCacheOptions.Builder options() {
        return PartialCacheOptions.builder();
    }

    @Test
    void hitReturnsTheRowsPutAndMissReturnsNull() {
        CaffeineLookupCache cache = open(options().maxRows(100).build());
        cache.put(key(1), List.of(row(1, "a")));

        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "a"));
        assertThat(cache.getIfPresent(key(2))).isNull();
        assertThat(metrics.count("cache.hitCount")).isEqualTo(1);
        assertThat(metrics.count("cache.missCount")).isEqualTo(1);
        assertThat(metrics.count("cache.numCachedRecords")).isEqualTo(1);
        assertThat(metrics.count("cache.numCachedBytes")).isPositive();
    }

    @Test
    void putReturnsThePreviousRows() {
        CaffeineLookupCache cache = open(options().maxRows(100).build());
        assertThat(cache.put(key(1), List.of(row(1, "a")))).isNull();
        assertThat(cache.put(key(1), List.of(row(1, "b")))).containsExactly(row(1, "a"));
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "b"));
    }

    @Test
    void entriesExpireAfterWriteEvenWhenRead() {
        CaffeineLookupCache cache =
                open(options().expireAfterWrite(Duration.ofMinutes(10)).build());
        cache.put(key(1), List.of(row(1, "a")));

        ticker.advance(Duration.ofMinutes(9));
        assertThat(cache.getIfPresent(key(1))).isNotNull();
        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfPresent(key(1))).isNull();
    }

    @Test
    void entriesExpireAfterAccessUnlessRead() {
        CaffeineLookupCache cache =
                open(options().expireAfterAccess(Duration.ofMinutes(10)).build());
        cache.put(key(1), List.of(row(1, "a")));
        cache.put(key(2), List.of(row(2, "b")));

        for (int i = 0; i < 3; i++) {
            ticker.advance(Duration.ofMinutes(6));
            assertThat(cache.getIfPresent(key(1))).isNotNull(); // each read extends it
        }
        assertThat(cache.getIfPresent(key(2))).isNull(); // 18 minutes unread
    }

    @Test
    void writeExpiryBoundsAccessExpiryWhenBothAreSet() {
        CaffeineLookupCache cache =
                open(
                        options()
                                .expireAfterAccess(Duration.ofMinutes(10))
                                .expireAfterWrite(Duration.ofMinutes(15))
                                .build());
        cache.put(key(1), List.of(row(1, "a")));

        ticker.advance(Duration.ofMinutes(8));
        assertThat(cache.getIfPresent(key(1))).isNotNull();
        ticker.advance(Duration.ofMinutes(8)); // read 8 min ago, but written 16 min ago
        assertThat(cache.getIfPresent(key(1))).isNull();
    }

    @Test
    void missingKeyIsNotCachedWhenCacheMissingKeyIsFalse() {
        CaffeineLookupCache cache = open(options().maxRows(100).cacheMissingKey(false).build());
        // Flink's caching functions put an empty collection for a missing key
        cache.put(key(1), List.of());

        assertThat(cache.getIfPresent(key(1))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void missingKeyIsCachedWithItsOwnShorterTtl() {
        CaffeineLookupCache cache =
                open(
                        options()
                                .expireAfterWrite(Duration.ofMinutes(10))
                                .expireAfterAccess(Duration.ofMinutes(10))
                                .missingKeyTtl(Duration.ofSeconds(30))
                                .build());
        cache.put(key(1), List.of());
        cache.put(key(2), List.of(row(2, "b")));

        ticker.advance(Duration.ofSeconds(20));
        assertThat(cache.getIfPresent(key(1))).isEmpty(); // cached as missing
        ticker.advance(Duration.ofSeconds(20)); // reads do not extend a missing key's TTL
        assertThat(cache.getIfPresent(key(1))).isNull();
        assertThat(cache.getIfPresent(key(2))).containsExactly(row(2, "b"));
    }

    @Test
    void missingKeyWithoutOwnTtlExpiresLikeFoundRows() {
        CaffeineLookupCache cache =
                open(options().expireAfterWrite(Duration.ofMinutes(10)).build());
        cache.put(key(1), List.of());

        ticker.advance(Duration.ofMinutes(9));
        assertThat(cache.getIfPresent(key(1))).isEmpty();
        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfPresent(key(1))).isNull();
    }

    @Test
    void refreshAheadServesStaleRowsThenFreshOnes() {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache =
                open(
                        options()
                                .expireAfterWrite(Duration.ofMinutes(10))
                                .refreshAfterWrite(Duration.ofMinutes(1))
                                .build(),
                        reader);
        cache.put(key(1), List.of(row(1, "old")));
        reader.put(key(1), row(1, "new"));

        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "old"));
        assertThat(reader.calls()).isEmpty(); // not due yet

        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "old")); // stale, at once
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "new"));
        assertThat(reader.calls()).containsExactly(List.of(key(1)));
        assertThat(metrics.count("cache." + LookupMetricNames.REFRESHES)).isEqualTo(1);
        assertThat(metrics.count("cache." + LookupMetricNames.REFRESH_FAILURES)).isZero();

        // the refreshed entry is a new write: it outlives the first write's expiry
        ticker.advance(Duration.ofMinutes(9));
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "new"));
    }

    @Test
    void onlyOneRefreshOfAKeyIsInFlight() {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache =
                open(
                        options().maxRows(100).refreshAfterWrite(Duration.ofMinutes(1)).build(),
                        reader);
        cache.put(key(1), List.of(row(1, "old")));
        cache.put(key(2), List.of(row(2, "old")));
        reader.put(key(1), row(1, "new"));
        reader.hold();

        ticker.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 5; i++) {
            assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "old"));
        }
        cache.getIfPresent(key(2));
        assertThat(reader.calls()).containsExactly(List.of(key(1)), List.of(key(2)));

        reader.releaseAll();
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "new"));
        assertThat(metrics.count("cache." + LookupMetricNames.REFRESHES)).isEqualTo(2);
    }

    @Test
    void failedRefreshKeepsTheStaleRowsCountsAndWaitsAnIntervalBeforeRetrying() {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache =
                open(
                        options()
                                .expireAfterWrite(Duration.ofMinutes(10))
                                .refreshAfterWrite(Duration.ofMinutes(1))
                                .build(),
                        reader);
        cache.put(key(1), List.of(row(1, "old")));
        reader.setFailing(true);

        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "old"));
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "old"));
        assertThat(reader.calls()).hasSize(1); // no retry before another interval
        assertThat(metrics.count("cache." + LookupMetricNames.REFRESH_FAILURES)).isEqualTo(1);

        ticker.advance(Duration.ofMinutes(1));
        cache.getIfPresent(key(1));
        assertThat(reader.calls()).hasSize(2);
        assertThat(metrics.count("cache." + LookupMetricNames.REFRESH_FAILURES)).isEqualTo(2);

        ticker.advance(Duration.ofMinutes(8)); // stale rows still expire on time
        assertThat(cache.getIfPresent(key(1))).isNull();
    }

    @Test
    void refreshFindingTheKeyGoneCachesItAsMissing() {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache =
                open(
                        options()
                                .expireAfterWrite(Duration.ofMinutes(10))
                                .missingKeyTtl(Duration.ofMinutes(3))
                                .refreshAfterWrite(Duration.ofMinutes(1))
                                .build(),
                        reader);
        cache.put(key(1), List.of(row(1, "old")));

        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "old"));
        assertThat(cache.getIfPresent(key(1))).isEmpty(); // now a missing-key entry
        ticker.advance(Duration.ofMinutes(4)); // with the missing-key TTL
        assertThat(cache.getIfPresent(key(1))).isNull();
    }

    @Test
    void refreshFindingTheKeyGoneInvalidatesItWhenMissingKeysAreNotCached() {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache =
                open(
                        options()
                                .maxRows(100)
                                .cacheMissingKey(false)
                                .refreshAfterWrite(Duration.ofMinutes(1))
                                .build(),
                        reader);
        cache.put(key(1), List.of(row(1, "old")));

        ticker.advance(Duration.ofMinutes(2));
        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "old"));
        assertThat(cache.getIfPresent(key(1))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aPutDuringARefreshWins() {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache =
                open(
                        options().maxRows(100).refreshAfterWrite(Duration.ofMinutes(1)).build(),
                        reader);
        cache.put(key(1), List.of(row(1, "old")));
        reader.put(key(1), row(1, "from-refresh"));
        reader.hold();

        ticker.advance(Duration.ofMinutes(2));
        cache.getIfPresent(key(1));
        cache.put(key(1), List.of(row(1, "from-put")));
        reader.releaseAll();

        assertThat(cache.getIfPresent(key(1))).containsExactly(row(1, "from-put"));
        long bytesOfOneEntry =
                RowSizeEstimator.INSTANCE.estimateEntry(key(1), List.of(row(1, "from-put")));
        assertThat(cache.estimatedBytes()).isEqualTo(bytesOfOneEntry);
    }

    @Test
    void theReaderIsOpenedOnceAndClosedWithTheCache() throws Exception {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache =
                open(
                        options().maxRows(100).refreshAfterWrite(Duration.ofMinutes(1)).build(),
                        reader);
        cache.open(new InternalCacheMetricGroup(new RecordingMetricGroup(), "cache"));
        assertThat(reader.opens()).isEqualTo(1);

        cache.close();
        assertThat(reader.closes()).isEqualTo(1);
    }

    @Test
    void aReaderWithoutRefreshAfterWriteIsNeitherOpenedNorUsed() {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        CaffeineLookupCache cache = open(options().maxRows(100).build(), reader);
        cache.put(key(1), List.of(row(1, "a")));
        ticker.advance(Duration.ofDays(365));

        assertThat(cache.getIfPresent(key(1))).isNotNull();
        assertThat(reader.opens()).isEqualTo(0);
        assertThat(reader.calls()).isEmpty();
        assertThat(metrics.metrics()).doesNotContainKey("cache." + LookupMetricNames.REFRESHES);
    }

    @Test
    void maxRowsEvictsAndCountsEvictions() {
        CaffeineLookupCache cache = open(options().maxRows(10).build());
        for (long i = 0; i < 100; i++) {
            cache.put(key(i), List.of(row(i, "v")));
        }
        cache.cleanUp();

        assertThat(cache.size()).isEqualTo(10);
        assertThat(metrics.count("cache." + LookupMetricNames.EVICTIONS)).isEqualTo(90);
        long bytesOfOneEntry =
                RowSizeEstimator.INSTANCE.estimateEntry(key(0), List.of(row(0, "v")));
        assertThat(cache.estimatedBytes()).isEqualTo(10 * bytesOfOneEntry);
    }

    @Test
    void expiryIsNotCountedAsEviction() {
        CaffeineLookupCache cache = open(options().expireAfterWrite(Duration.ofMinutes(1)).build());
        cache.put(key(1), List.of(row(1, "a")));
        ticker.advance(Duration.ofMinutes(2));
        cache.cleanUp();

        assertThat(cache.size()).isZero();
        assertThat(cache.estimatedBytes()).isZero();
        assertThat(metrics.count("cache." + LookupMetricNames.EVICTIONS)).isZero();
    }

    @Test
    void maxBytesEvictsByEstimatedSize() {
        long bytesOfOneEntry =
                RowSizeEstimator.INSTANCE.estimateEntry(key(0), List.of(row(0, "value")));
        CaffeineLookupCache cache = open(options().maxBytes(20 * bytesOfOneEntry).build());
        for (long i = 0; i < 100; i++) {
            cache.put(key(i), List.of(row(i, "value")));
        }
        cache.cleanUp();

        assertThat(cache.size()).isEqualTo(20);
        assertThat(cache.estimatedBytes()).isEqualTo(20 * bytesOfOneEntry);
        assertThat(metrics.count("cache." + LookupMetricNames.EVICTIONS)).isEqualTo(80);

        // a big entry is weighed by its rows: admitted, it pushes out several small ones;
        // rejected by W-TinyLFU's admission, it is evicted itself. The bound holds either way.
        List<RowData> bigRows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bigRows.add(row(1000 + i, "value"));
        }
        cache.put(key(1000), bigRows);
        cache.cleanUp();
        assertThat(cache.estimatedBytes()).isLessThanOrEqualTo(20 * bytesOfOneEntry);
        assertThat(metrics.count("cache." + LookupMetricNames.EVICTIONS)).isGreaterThan(80);
    }

    @Test
    void openTwiceBuildsOneCacheAndRegistersMetricsInBothGroups() {
        CaffeineLookupCache cache = open(options().maxRows(100).build());
        RecordingMetricGroup second = new RecordingMetricGroup();
        cache.put(key(1), List.of(row(1, "a")));

        cache.open(new InternalCacheMetricGroup(second, "cache"));
        assertThat(cache.getIfPresent(key(1))).isNotNull(); // same cache, entry kept

        assertThat(second.metrics().keySet()).isEqualTo(metrics.metrics().keySet());
        assertThat(second.count("cache.hitCount")).isEqualTo(1);
        assertThat(metrics.count("cache.hitCount")).isEqualTo(1);
        assertThat(second.count("cache.numCachedRecords")).isEqualTo(1);
    }

    @Test
    void closeThenOpenStartsAfresh() throws Exception {
        CaffeineLookupCache cache = open(options().maxRows(100).build());
        cache.put(key(1), List.of(row(1, "a")));
        cache.close();
        cache.close(); // idempotent
        assertThat(cache.size()).isZero();

        cache.open(new InternalCacheMetricGroup(new RecordingMetricGroup(), "cache"));
        assertThat(cache.getIfPresent(key(1))).isNull();
    }

    @Test
    void survivesJavaSerializationUnopened() throws Exception {
        InMemoryMultiKeyReader reader = InMemoryMultiKeyReader.create();
        PartialCacheOptions options =
                options()
                        .expireAfterWrite(Duration.ofMinutes(10))
                        .missingKeyTtl(Duration.ofSeconds(10))
                        .refreshAfterWrite(Duration.ofMinutes(1))
                        .build();
        CaffeineLookupCache original = CaffeineLookupCache.of(options, reader);

        CaffeineLookupCache copy = InstantiationUtil.clone(original, getClass().getClassLoader());
        assertThat(copy.options()).isEqualTo(options);
        // same bytes for every copy: Flink's LookupCacheManager shares caches by that digest
        assertThat(InstantiationUtil.serializeObject(copy))
                .isEqualTo(InstantiationUtil.serializeObject(original));

        copy.withTicker(ticker);
        copy.withExecutor(Runnable::run);
        copy.open(new InternalCacheMetricGroup(metrics, "cache"));
        opened.add(copy);
        copy.put(key(1), List.of(row(1, "old")));
        reader.put(key(1), row(1, "new"));
        ticker.advance(Duration.ofMinutes(2));
        copy.getIfPresent(key(1));
        Collection<RowData> refreshed = copy.getIfPresent(key(1));
        assertThat(refreshed).containsExactly(row(1, "new")); // the copied reader works
    }
}
