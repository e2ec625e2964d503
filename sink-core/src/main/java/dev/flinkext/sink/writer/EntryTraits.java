package dev.flinkext.sink.writer;

import java.io.Serializable;

/**
 * What sink-core must know of a connector's store writes ("entries") to buffer and retry them
 * safely.
 *
 * <p>Order: writes to one {@link #keyOf key} reach the store in their order. When an attempt
 * confirms a later write of a key but not an earlier one (a transient error that cleared
 * mid-batch), the store already holds them out of order; the writer then re-sends, in order, the
 * failed write and every later write of that key if they are all {@link #isIdempotent idempotent}
 * (the last one wins again), retries only the failed ones if they are all {@link #isCommutative
 * commutative} (order does not matter), and otherwise fails naming the key rather than leave the
 * store wrong.
 */
public interface EntryTraits<E> extends Serializable {

    /** The store key whose writes must keep their order (e.g. the Redis key). */
    Object keyOf(E entry);

    /** Estimated bytes the entry occupies on the wire, for {@code sink.buffer-flush.max-bytes}. */
    long sizeInBytes(E entry);

    /** Applying it again after later writes of its key, and then those again, is harmless. */
    boolean isIdempotent(E entry);

    /** Its effect does not depend on its order among the writes of its key (e.g. an increment). */
    boolean isCommutative(E entry);

    /** The entry's key as messages show it (never a secret). */
    default String describeKey(E entry) {
        return String.valueOf(keyOf(entry));
    }
}
