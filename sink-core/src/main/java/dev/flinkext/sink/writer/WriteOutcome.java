package dev.flinkext.sink.writer;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.Objects;

/**
 * The result of one {@link BatchWriter#write} attempt: the positions (in the batch written) of the
 * entries the store did not confirm, ascending, and the first cause. An entry whose reply was lost
 * with the connection counts as unconfirmed: it may or may not have been applied.
 */
public final class WriteOutcome {

    private static final WriteOutcome ALL_CONFIRMED = new WriteOutcome(new int[0], null);

    private final int[] unconfirmed;
    private final @Nullable Throwable cause;

    private WriteOutcome(int[] unconfirmed, @Nullable Throwable cause) {
        this.unconfirmed = unconfirmed;
        this.cause = cause;
    }

    public static WriteOutcome allConfirmed() {
        return ALL_CONFIRMED;
    }

    /**
     * @param unconfirmed positions of the unconfirmed entries, ascending, without duplicates
     * @param cause why the first of them was not confirmed
     */
    public static WriteOutcome unconfirmed(int[] unconfirmed, Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        for (int i = 1; i < unconfirmed.length; i++) {
            if (unconfirmed[i] <= unconfirmed[i - 1]) {
                throw new IllegalArgumentException(
                        "Unconfirmed positions must ascend: " + Arrays.toString(unconfirmed));
            }
        }
        return unconfirmed.length == 0 ? ALL_CONFIRMED : new WriteOutcome(unconfirmed, cause);
    }

    public boolean isAllConfirmed() {
        return unconfirmed.length == 0;
    }

    /** Positions of the unconfirmed entries, ascending; do not modify. */
    public int[] unconfirmedPositions() {
        return unconfirmed;
    }

    @Nullable
    public Throwable cause() {
        return cause;
    }

    @Override
    public String toString() {
        return isAllConfirmed()
                ? "WriteOutcome{all confirmed}"
                : "WriteOutcome{" + unconfirmed.length + " unconfirmed: " + cause + '}';
    }
}
