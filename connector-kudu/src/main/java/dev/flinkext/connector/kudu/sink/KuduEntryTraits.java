package dev.flinkext.connector.kudu.sink;

import dev.flinkext.sink.writer.EntryTraits;

/**
 * What sink-core needs to know of a {@link KuduWrite}: its key is Kudu's encoding of the primary
 * key, and UPSERT and DELETE are idempotent (applying one again after later writes of its key, and
 * those again, leaves the same row), so after a partial failure the failed write and every later
 * one of its key are re-sent in order.
 */
enum KuduEntryTraits implements EntryTraits<KuduWrite> {
    INSTANCE;

    /** Per-operation overhead on the wire, roughly: operation type, null and set bitmaps. */
    private static final int OVERHEAD = 16;

    @Override
    public Object keyOf(KuduWrite write) {
        return write.key();
    }

    @Override
    public long sizeInBytes(KuduWrite write) {
        return OVERHEAD + write.sizeInBytes();
    }

    @Override
    public boolean isIdempotent(KuduWrite write) {
        return true;
    }

    @Override
    public boolean isCommutative(KuduWrite write) {
        return false;
    }

    @Override
    public String describeKey(KuduWrite write) {
        return write.describeKey();
    }
}
