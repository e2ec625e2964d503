package dev.flinkext.lookup.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.lookup.LookupOptions;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a PARTIAL lookup cache: Flink's standard {@code lookup.partial-cache.*} options
 * plus flinkext's ({@link LookupCoreOptions#PARTIAL_CACHE_MISSING_KEY_TTL}, {@link
 * LookupCoreOptions#PARTIAL_CACHE_REFRESH_AFTER_WRITE}, {@link
 * LookupCoreOptions#PARTIAL_CACHE_MAX_BYTES}). Immutable and validated on construction.
 *
 * <pre>{@code
 * PartialCacheOptions options = PartialCacheOptions.fromConfig(tableOptions);
 * LookupCache cache = CaffeineLookupCache.of(options, reader); // reader may be null without refresh-ahead
 * }</pre>
 */
public final class PartialCacheOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final @Nullable Long maxRows;
    private final @Nullable Long maxBytes;
    private final @Nullable Duration expireAfterWrite;
    private final @Nullable Duration expireAfterAccess;
    private final boolean cacheMissingKey;
    private final @Nullable Duration missingKeyTtl;
    private final @Nullable Duration refreshAfterWrite;

    private PartialCacheOptions(Builder b) {
        this.maxRows = b.maxRows;
        this.maxBytes = b.maxBytes;
        this.expireAfterWrite = b.expireAfterWrite;
        this.expireAfterAccess = b.expireAfterAccess;
        this.cacheMissingKey = b.cacheMissingKey;
        this.missingKeyTtl = b.missingKeyTtl;
        this.refreshAfterWrite = b.refreshAfterWrite;
        validate();
    }

    /**
     * Reads and validates the partial-cache options of a table.
     *
     * @throws ValidationException naming the option(s) at fault, also when {@code lookup.cache} is
     *     not {@code PARTIAL}
     */
    public static PartialCacheOptions fromConfig(ReadableConfig config) {
        LookupOptions.LookupCacheType type = config.get(LookupOptions.CACHE_TYPE);
        if (type != LookupOptions.LookupCacheType.PARTIAL) {
            throw new ValidationException(
                    String.format(
                            "A partial lookup cache needs '%s' = 'PARTIAL', but it is '%s'.",
                            LookupOptions.CACHE_TYPE.key(), type));
        }
        Builder b = builder();
        config.getOptional(LookupOptions.PARTIAL_CACHE_MAX_ROWS).ifPresent(b::maxRows);
        config.getOptional(LookupCoreOptions.PARTIAL_CACHE_MAX_BYTES)
                .map(MemorySize::getBytes)
                .ifPresent(b::maxBytes);
        config.getOptional(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE)
                .ifPresent(b::expireAfterWrite);
        config.getOptional(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS)
                .ifPresent(b::expireAfterAccess);
        b.cacheMissingKey(config.get(LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY));
        config.getOptional(LookupCoreOptions.PARTIAL_CACHE_MISSING_KEY_TTL)
                .ifPresent(b::missingKeyTtl);
        config.getOptional(LookupCoreOptions.PARTIAL_CACHE_REFRESH_AFTER_WRITE)
                .ifPresent(b::refreshAfterWrite);
        return b.build();
    }

    /** Starts a builder for programmatic (DataStream or test) use; same validation. */
    public static Builder builder() {
        return new Builder();
    }

    private void validate() {
        positive(LookupOptions.PARTIAL_CACHE_MAX_ROWS, maxRows);
        positive(LookupCoreOptions.PARTIAL_CACHE_MAX_BYTES, maxBytes);
        positive(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE, expireAfterWrite);
        positive(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS, expireAfterAccess);
        positive(LookupCoreOptions.PARTIAL_CACHE_MISSING_KEY_TTL, missingKeyTtl);
        positive(LookupCoreOptions.PARTIAL_CACHE_REFRESH_AFTER_WRITE, refreshAfterWrite);
        if (maxRows == null
                && maxBytes == null
                && expireAfterWrite == null
                && expireAfterAccess == null) {
            throw new ValidationException(
                    String.format(
                            "The partial lookup cache needs a bound: set '%s', '%s', '%s' or '%s'."
                                    + " Without one it could grow until the task manager runs"
                                    + " out of memory.",
                            LookupOptions.PARTIAL_CACHE_MAX_ROWS.key(),
                            LookupCoreOptions.PARTIAL_CACHE_MAX_BYTES.key(),
                            LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE.key(),
                            LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS.key()));
        }
        // Caffeine bounds a cache by entry count or by weight, never both.
        if (maxRows != null && maxBytes != null) {
            throw new ValidationException(
                    String.format(
                            "'%s' and '%s' cannot both be set: the partial cache is bounded either"
                                    + " by rows or by estimated bytes. Keep one of them.",
                            LookupOptions.PARTIAL_CACHE_MAX_ROWS.key(),
                            LookupCoreOptions.PARTIAL_CACHE_MAX_BYTES.key()));
        }
        if (missingKeyTtl != null && !cacheMissingKey) {
            throw new ValidationException(
                    String.format(
                            "'%s' is set but '%s' is false: missing keys are not cached, so"
                                    + " they have no TTL. Remove one of them.",
                            LookupCoreOptions.PARTIAL_CACHE_MISSING_KEY_TTL.key(),
                            LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY.key()));
        }
        if (refreshAfterWrite != null
                && expireAfterWrite != null
                && refreshAfterWrite.compareTo(expireAfterWrite) >= 0) {
            throw new ValidationException(
                    String.format(
                            "'%s' (%s) must be shorter than '%s' (%s): rows expire before they"
                                    + " would be refreshed.",
                            LookupCoreOptions.PARTIAL_CACHE_REFRESH_AFTER_WRITE.key(),
                            refreshAfterWrite,
                            LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE.key(),
                            expireAfterWrite));
        }
    }

    private static void positive(ConfigOption<?> option, @Nullable Long value) {
        if (value != null && value <= 0) {
            throw new ValidationException(
                    String.format("'%s' must be positive, but is %d.", option.key(), value));
        }
    }

    private static void positive(ConfigOption<?> option, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new ValidationException(
                    String.format("'%s' must be positive, but is %s.", option.key(), value));
        }
    }

    public Optional<Long> maxRows() {
        return Optional.ofNullable(maxRows);
    }

    public Optional<Long> maxBytes() {
        return Optional.ofNullable(maxBytes);
    }

    public Optional<Duration> expireAfterWrite() {
        return Optional.ofNullable(expireAfterWrite);
    }

    public Optional<Duration> expireAfterAccess() {
        return Optional.ofNullable(expireAfterAccess);
    }

    public boolean cacheMissingKey() {
        return cacheMissingKey;
    }

    /** The TTL of missing-key entries; empty means they expire like found rows. */
    public Optional<Duration> missingKeyTtl() {
        return Optional.ofNullable(missingKeyTtl);
    }

    /**
     * Refuses refresh-ahead for a source without a multi-key reader to refresh with.
     *
     * @throws ValidationException naming {@code lookup.partial-cache.refresh-after-write}
     */
    public void requireRefresher(boolean hasRefresher) {
        if (refreshAfterWrite != null && !hasRefresher) {
            throw new ValidationException(
                    String.format(
                            "'%s' is set, but this lookup source cannot refresh cached rows ahead"
                                    + " of time (it provides no multi-key reader). Remove the"
                                    + " option.",
                            LookupCoreOptions.PARTIAL_CACHE_REFRESH_AFTER_WRITE.key()));
        }
    }

    public Optional<Duration> refreshAfterWrite() {
        return Optional.ofNullable(refreshAfterWrite);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PartialCacheOptions)) {
            return false;
        }
        PartialCacheOptions that = (PartialCacheOptions) o;
        return cacheMissingKey == that.cacheMissingKey
                && Objects.equals(maxRows, that.maxRows)
                && Objects.equals(maxBytes, that.maxBytes)
                && Objects.equals(expireAfterWrite, that.expireAfterWrite)
                && Objects.equals(expireAfterAccess, that.expireAfterAccess)
                && Objects.equals(missingKeyTtl, that.missingKeyTtl)
                && Objects.equals(refreshAfterWrite, that.refreshAfterWrite);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                maxRows,
                maxBytes,
                expireAfterWrite,
                expireAfterAccess,
                cacheMissingKey,
                missingKeyTtl,
                refreshAfterWrite);
    }

    @Override
    public String toString() {
        return "PartialCacheOptions{maxRows="
                + maxRows
                + ", maxBytes="
                + maxBytes
                + ", expireAfterWrite="
                + expireAfterWrite
                + ", expireAfterAccess="
                + expireAfterAccess
                + ", cacheMissingKey="
                + cacheMissingKey
                + ", missingKeyTtl="
                + missingKeyTtl
                + ", refreshAfterWrite="
                + refreshAfterWrite
                + '}';
    }

    /** Builds {@link PartialCacheOptions}; unset values keep Flink's defaults. */
    public static final class Builder {
        private Long maxRows;
        private Long maxBytes;
        private Duration expireAfterWrite;
        private Duration expireAfterAccess;
        private boolean cacheMissingKey =
                LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY.defaultValue();
        private Duration missingKeyTtl;
        private Duration refreshAfterWrite;

        private Builder() {}

        public Builder maxRows(long maxRows) {
            this.maxRows = maxRows;
            return this;
        }

        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder expireAfterWrite(Duration expireAfterWrite) {
            this.expireAfterWrite = expireAfterWrite;
            return this;
        }

        public Builder expireAfterAccess(Duration expireAfterAccess) {
            this.expireAfterAccess = expireAfterAccess;
            return this;
        }

        public Builder cacheMissingKey(boolean cacheMissingKey) {
            this.cacheMissingKey = cacheMissingKey;
            return this;
        }

        public Builder missingKeyTtl(Duration missingKeyTtl) {
            this.missingKeyTtl = missingKeyTtl;
            return this;
        }

        public Builder refreshAfterWrite(Duration refreshAfterWrite) {
            this.refreshAfterWrite = refreshAfterWrite;
            return this;
        }

        /**
         * @throws ValidationException naming the option(s) at fault
         */
        public PartialCacheOptions build() {
            return new PartialCacheOptions(this);
        }
    }
}
