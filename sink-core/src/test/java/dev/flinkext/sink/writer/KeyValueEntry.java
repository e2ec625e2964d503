package dev.flinkext.sink.writer;

/**
 * A test store write: {@code key} gets {@code value}; {@code kind} says how it behaves when re-sent
 * or reordered (SET: idempotent; INCR: commutative; PUSH: neither).
 */
record KeyValueEntry(String key, String value, Kind kind) {

    enum Kind {
        SET,
        INCR,
        PUSH
    }

    static KeyValueEntry set(String key, String value) {
        return new KeyValueEntry(key, value, Kind.SET);
    }

    static KeyValueEntry incr(String key, String value) {
        return new KeyValueEntry(key, value, Kind.INCR);
    }

    static KeyValueEntry push(String key, String value) {
        return new KeyValueEntry(key, value, Kind.PUSH);
    }

    /** Traits as a real store's would be. */
    static final EntryTraits<KeyValueEntry> TRAITS =
            new EntryTraits<>() {
                @Override
                public Object keyOf(KeyValueEntry entry) {
                    return entry.key();
                }

                @Override
                public long sizeInBytes(KeyValueEntry entry) {
                    return entry.key().length() + entry.value().length();
                }

                @Override
                public boolean isIdempotent(KeyValueEntry entry) {
                    return entry.kind() == Kind.SET;
                }

                @Override
                public boolean isCommutative(KeyValueEntry entry) {
                    return entry.kind() == Kind.INCR;
                }
            };

    @Override
    public String toString() {
        return kind + " " + key + "=" + value;
    }
}
