package dev.flinkext.lookup.cache;

import org.apache.flink.table.data.RowData;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Per-entry expiry: found rows follow Flink's expire-after-write / expire-after-access (both may
 * apply: an entry then expires at whichever comes first, as in Guava), while missing-key entries
 * can have their own, usually shorter, fixed TTL.
 *
 * <p>Caffeine cannot combine a custom {@link Expiry} with its fixed expireAfterWrite/Access, so all
 * three rules live here. Times are nanoseconds of the cache's ticker; {@link Long#MAX_VALUE} means
 * "never" (Caffeine caps it).
 */
final class EntryExpiry implements Expiry<RowData, CacheEntry> {

    private static final long NEVER = Long.MAX_VALUE;

    private final long afterWriteNanos; // NEVER when unset
    private final long afterAccessNanos; // NEVER when unset
    private final long missingKeyTtlNanos; // NEVER when unset: missing keys expire like found rows

    EntryExpiry(long afterWriteNanos, long afterAccessNanos, long missingKeyTtlNanos) {
        this.afterWriteNanos = afterWriteNanos;
        this.afterAccessNanos = afterAccessNanos;
        this.missingKeyTtlNanos = missingKeyTtlNanos;
    }

    @Override
    public long expireAfterCreate(RowData key, CacheEntry entry, long currentTime) {
        return afterWrite(entry);
    }

    @Override
    public long expireAfterUpdate(
            RowData key, CacheEntry entry, long currentTime, long currentDuration) {
        // An update (put or refresh) is a new write: the new entry's own TTL starts now.
        return afterWrite(entry);
    }

    @Override
    public long expireAfterRead(
            RowData key, CacheEntry entry, long currentTime, long currentDuration) {
        if (hasOwnMissingKeyTtl(entry) || afterAccessNanos == NEVER) {
            return currentDuration; // a read does not extend a write-based TTL
        }
        if (afterWriteNanos == NEVER) {
            return afterAccessNanos;
        }
        long untilWriteExpiry = entry.writtenAtNanos + afterWriteNanos - currentTime;
        return Math.max(0, Math.min(afterAccessNanos, untilWriteExpiry));
    }

    private long afterWrite(CacheEntry entry) {
        if (hasOwnMissingKeyTtl(entry)) {
            return missingKeyTtlNanos;
        }
        return Math.min(afterWriteNanos, afterAccessNanos);
    }

    private boolean hasOwnMissingKeyTtl(CacheEntry entry) {
        return missingKeyTtlNanos != NEVER && entry.isMissingKey();
    }
}
