package dev.flinkext.lookup.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.connector.source.lookup.LookupOptions;

import java.time.Duration;
import java.util.List;

/**
 * The lookup options flinkext adds to Flink's standard ones ({@link LookupOptions}: {@code
 * lookup.cache}, {@code lookup.partial-cache.*}, {@code lookup.full-cache.*}, {@code
 * lookup.max-retries}). Every connector of this project accepts both sets; {@link
 * #allOptionalOptions()} lists them for a factory's {@code optionalOptions()}.
 */
public final class LookupCoreOptions {

    private LookupCoreOptions() {}

    public static final ConfigOption<Boolean> ASYNC =
            ConfigOptions.key("lookup.async")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether lookups run asynchronously. Async lookups collect the keys"
                                    + " that arrive together into batches (see lookup.batch.*)"
                                    + " and issue one multi-key read per batch.");

    public static final ConfigOption<Boolean> SHUFFLE =
            ConfigOptions.key("lookup.shuffle")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether every lookup join of this table must hash-partition its"
                                    + " input by the lookup key with the table's own partitioner"
                                    + " (aligned to the store's partitions where it has them), so"
                                    + " each subtask sees, caches and with a FULL cache loads only"
                                    + " its share of the keys. Flink applies that partitioning"
                                    + " only to a query with the hint /*+ LOOKUP('table'='<name>',"
                                    + " 'shuffle'='true') */, or to a statement run through"
                                    + " lookup-keyby's PartitionedLookupPlans (which switches it"
                                    + " on in the compiled plan for every lookup join of a table"
                                    + " with this option); a lookup join planned any other way"
                                    + " fails at planning time, naming both, instead of running"
                                    + " unpartitioned.");

    public static final ConfigOption<List<String>> SHUFFLE_HOT_KEYS =
            ConfigOptions.key("lookup.shuffle.hot-keys")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Lookup keys so frequent that one subtask cannot keep up with their"
                                    + " rows, separated by ';' (a one-column key of a string or"
                                    + " integer type): in a partitioned lookup join their rows"
                                    + " are spread round-robin over"
                                    + " 'lookup.shuffle.hot-key-spread' subtasks, each of which"
                                    + " holds them (lookups keep no state, so any of them may"
                                    + " answer). The spreading is not deterministic: Flink applies"
                                    + " it to insert-only inputs only (with updates or deletes it"
                                    + " drops the partitioning, and a partitioned FULL cache then"
                                    + " fails naming this option).");

    public static final ConfigOption<Integer> SHUFFLE_HOT_KEY_SPREAD =
            ConfigOptions.key("lookup.shuffle.hot-key-spread")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "How many subtasks the rows of each hot key"
                                    + " ('lookup.shuffle.hot-keys') are spread over: at least 2;"
                                    + " 0 (the default) for all of them.");

    /**
     * A session setting, not a table option: set by lookup-keyby's {@code PartitionedLookupPlans}
     * only while it compiles a plan whose lookup joins it then switches to partitioned ones, so the
     * planning-time refusal of {@link #SHUFFLE} without the partitioning does not stop that
     * compile.
     */
    public static final ConfigOption<Boolean> SHUFFLE_PLAN_REWRITE_COMPILING =
            ConfigOptions.key("flinkext.lookup.shuffle.plan-rewrite-compiling")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Internal: set by lookup-keyby's PartitionedLookupPlans while it"
                                    + " compiles a plan it rewrites into partitioned lookup"
                                    + " joins. Never set it yourself: a lookup join planned with"
                                    + " it and not rewritten runs unpartitioned.");

    public static final ConfigOption<Boolean> SHUFFLE_HOT_KEYS_DETECT =
            ConfigOptions.key("lookup.shuffle.hot-keys.detect")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether a partitioned lookup join also spreads the keys it finds"
                                    + " hot, besides those of 'lookup.shuffle.hot-keys' (and like"
                                    + " them, over 'lookup.shuffle.hot-key-spread' subtasks):"
                                    + " each upstream subtask counts the keys it routes in a small"
                                    + " bounded sketch, and a key whose rows are at least"
                                    + " 'lookup.shuffle.hot-keys.detect-threshold' of its last one"
                                    + " to two windows of 'lookup.shuffle.hot-keys.detect-window'"
                                    + " rows is hot (forgotten once its rows stop, at most two"
                                    + " windows later). Not deterministic, like named hot keys."
                                    + " Refused with 'lookup.cache' = 'FULL' (a detected key may"
                                    + " reach a subtask whose partitioned FULL cache did not load"
                                    + " it) and without the partitioning (the shuffle hint, or"
                                    + " lookup-keyby's PartitionedLookupPlans).");

    public static final ConfigOption<Double> SHUFFLE_HOT_KEYS_DETECT_THRESHOLD =
            ConfigOptions.key("lookup.shuffle.hot-keys.detect-threshold")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription(
                            "With 'lookup.shuffle.hot-keys.detect': the share of an upstream"
                                    + " subtask's recent rows at and above which a key is hot,"
                                    + " between 0.001 and 0.5 (the default 0.01: at most about"
                                    + " 100 keys are hot at once). The sketch holds"
                                    + " 2 x 4 x (the power of two at or above 16 / threshold)"
                                    + " int counters per upstream subtask: 64 KB at 0.01.");

    public static final ConfigOption<Integer> SHUFFLE_HOT_KEYS_DETECT_WINDOW =
            ConfigOptions.key("lookup.shuffle.hot-keys.detect-window")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "With 'lookup.shuffle.hot-keys.detect': the rows of one window of an"
                                    + " upstream subtask (a key's share is of the last one to two"
                                    + " windows; nothing is hot before the first is full). At"
                                    + " least 10 / 'lookup.shuffle.hot-keys.detect-threshold'.");

    public static final ConfigOption<Integer> DELAYED_RETRY_MAX_ATTEMPTS =
            ConfigOptions.key("lookup.delayed-retry.max-attempts")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "How many times an async lookup reads a missing key again, later,"
                                    + " before it gives up (0, the default: never): for stream"
                                    + " rows that reach the join before their dimension row is"
                                    + " written. Nothing blocks while a key waits: the re-read is"
                                    + " scheduled on the lookup's own scheduler and batched with"
                                    + " other keys, and Flink's async operator holds the waiting"
                                    + " row in its checkpointed state. Needs 'lookup.async' ="
                                    + " 'true'; refused with 'lookup.cache' = 'FULL'; the total"
                                    + " wait must fit under table.exec.async-lookup.timeout. At"
                                    + " most 100.");

    public static final ConfigOption<Duration> DELAYED_RETRY_INTERVAL =
            ConfigOptions.key("lookup.delayed-retry.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "The wait before the first re-read of a missing key"
                                    + " (lookup.delayed-retry.max-attempts).");

    public static final ConfigOption<Double> DELAYED_RETRY_BACKOFF =
            ConfigOptions.key("lookup.delayed-retry.backoff")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "The factor each further wait grows by (1.0, the default: every wait"
                                    + " is lookup.delayed-retry.interval), up to"
                                    + " lookup.delayed-retry.max-interval.");

    public static final ConfigOption<Duration> DELAYED_RETRY_MAX_INTERVAL =
            ConfigOptions.key("lookup.delayed-retry.max-interval")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "The longest single wait between re-reads of a missing key when"
                                    + " lookup.delayed-retry.backoff grows them; no cap by"
                                    + " default.");

    public static final ConfigOption<DelayedRetryOptions.FinalMiss> DELAYED_RETRY_FINAL_MISS =
            ConfigOptions.key("lookup.delayed-retry.final-miss")
                    .enumType(DelayedRetryOptions.FinalMiss.class)
                    .defaultValue(DelayedRetryOptions.FinalMiss.EMIT_NULL)
                    .withDescription(
                            "What a lookup does with a key still missing after its last"
                                    + " re-read: 'emit-null' (the default) answers 'no row', as"
                                    + " any miss (a LEFT JOIN emits the stream row with NULL"
                                    + " dimension columns, an inner join none). 'drop' and"
                                    + " 'side-output' need the state-backed delayed join (a lookup"
                                    + " function can neither drop a LEFT JOIN's row nor write"
                                    + " another table) and are refused here.");

    public static final ConfigOption<Integer> READ_THREADS =
            ConfigOptions.key("lookup.read-threads")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "Threads per lookup function that run the reads of a store whose"
                                    + " client blocks (one batch each), so async lookups of"
                                    + " several batches or store nodes overlap. At least 1.");

    public static final ConfigOption<Duration> PARTIAL_CACHE_MISSING_KEY_TTL =
            ConfigOptions.key("lookup.partial-cache.missing-key-ttl")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "How long a key the store did not have stays cached as missing, when"
                                    + " lookup.partial-cache.cache-missing-key is true. Usually"
                                    + " shorter than expire-after-write, so new dimension rows"
                                    + " are seen sooner. Defaults to the expire-after-write/"
                                    + "expire-after-access of found rows.");

    public static final ConfigOption<Duration> PARTIAL_CACHE_REFRESH_AFTER_WRITE =
            ConfigOptions.key("lookup.partial-cache.refresh-after-write")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Refresh-ahead: once a cached row is older than this, the next lookup"
                                    + " still gets the cached (stale) row at once while one"
                                    + " asynchronous reload of that key runs. Must be shorter"
                                    + " than lookup.partial-cache.expire-after-write to matter.");

    public static final ConfigOption<MemorySize> PARTIAL_CACHE_MAX_BYTES =
            ConfigOptions.key("lookup.partial-cache.max-bytes")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "Bounds the partial cache by the estimated size of its keys and rows"
                                    + " (e.g. '256mb') instead of, or besides, max-rows. The"
                                    + " size is estimated from the rows' field values.");

    public static final ConfigOption<Integer> BATCH_MAX_SIZE =
            ConfigOptions.key("lookup.batch.max-size")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Async lookups: the most distinct keys in one multi-key read. 1"
                                    + " turns batching off (one read per key).");

    public static final ConfigOption<Duration> BATCH_MAX_DELAY =
            ConfigOptions.key("lookup.batch.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(2))
                    .withDescription(
                            "Async lookups: the longest a key waits for its batch to fill before"
                                    + " the batch is read anyway.");

    public static final ConfigOption<Integer> FULL_CACHE_LOAD_PARALLELISM =
            ConfigOptions.key("lookup.full-cache.load-parallelism")
                    .intType()
                    .defaultValue(4)
                    .withDescription(
                            "FULL cache: how many splits of the store are read in parallel while"
                                    + " (re)loading the cache.");

    /** Flink's standard lookup options plus flinkext's, for a factory's optionalOptions(). */
    public static List<ConfigOption<?>> allOptionalOptions() {
        return List.of(
                LookupOptions.CACHE_TYPE,
                LookupOptions.MAX_RETRIES,
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS,
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE,
                LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY,
                LookupOptions.PARTIAL_CACHE_MAX_ROWS,
                LookupOptions.FULL_CACHE_RELOAD_STRATEGY,
                LookupOptions.FULL_CACHE_PERIODIC_RELOAD_INTERVAL,
                LookupOptions.FULL_CACHE_PERIODIC_RELOAD_SCHEDULE_MODE,
                LookupOptions.FULL_CACHE_TIMED_RELOAD_ISO_TIME,
                LookupOptions.FULL_CACHE_TIMED_RELOAD_INTERVAL_IN_DAYS,
                ASYNC,
                SHUFFLE,
                SHUFFLE_HOT_KEYS,
                SHUFFLE_HOT_KEY_SPREAD,
                SHUFFLE_HOT_KEYS_DETECT,
                SHUFFLE_HOT_KEYS_DETECT_THRESHOLD,
                SHUFFLE_HOT_KEYS_DETECT_WINDOW,
                DELAYED_RETRY_MAX_ATTEMPTS,
                DELAYED_RETRY_INTERVAL,
                DELAYED_RETRY_BACKOFF,
                DELAYED_RETRY_MAX_INTERVAL,
                DELAYED_RETRY_FINAL_MISS,
                READ_THREADS,
                PARTIAL_CACHE_MISSING_KEY_TTL,
                PARTIAL_CACHE_REFRESH_AFTER_WRITE,
                PARTIAL_CACHE_MAX_BYTES,
                BATCH_MAX_SIZE,
                BATCH_MAX_DELAY,
                FULL_CACHE_LOAD_PARALLELISM);
    }
}
