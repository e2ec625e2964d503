package dev.flinkext.sink.writer;

import java.io.IOException;

/**
 * A batch confirmed a write of a key after an earlier write of the same key failed, and the key's
 * writes can neither be re-sent in order (not idempotent) nor retried out of order (not
 * commutative): the store now holds them out of order, so the job fails rather than go on wrong.
 */
public final class OutOfOrderWriteException extends IOException {

    private static final long serialVersionUID = 1L;

    public OutOfOrderWriteException(String key, Throwable cause) {
        super(
                "A write to key '"
                        + key
                        + "' was confirmed after an earlier write to the same key failed ("
                        + cause
                        + "); the store may now hold them out of order, and these writes are"
                        + " neither idempotent nor commutative, so re-sending cannot restore it."
                        + " The job fails instead of losing the order; it recovers from the last"
                        + " checkpoint.",
                cause);
    }
}
