package dev.flinkext.sink.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which entries of a batch to send again after an attempt left some unconfirmed, keeping each key's
 * writes in order (see {@link EntryTraits}): for each key, the entries before its first unconfirmed
 * one are done; after it, unconfirmed entries are re-sent, and confirmed ones too when the store
 * may now hold the key's writes out of order and they are idempotent.
 */
final class ResendPlan {

    private ResendPlan() {}

    /** What to do with the confirmed writes of a key that follow its first failed write. */
    private enum KeyRule {
        RESEND_UNCONFIRMED_ONLY,
        RESEND_ALL_FROM_FIRST_FAILURE,
        FAIL
    }

    /** Per key: where its first unconfirmed entry is, and what follows it. */
    private static final class KeyState {
        final int firstFailure;
        boolean confirmedAfterFailure;
        boolean allIdempotent = true;
        boolean allCommutative = true;

        KeyState(int firstFailure) {
            this.firstFailure = firstFailure;
        }

        KeyRule rule() {
            if (!confirmedAfterFailure || allCommutative) {
                return KeyRule.RESEND_UNCONFIRMED_ONLY;
            }
            return allIdempotent ? KeyRule.RESEND_ALL_FROM_FIRST_FAILURE : KeyRule.FAIL;
        }
    }

    /**
     * @throws OutOfOrderWriteException when a key's writes can be neither re-sent in order nor
     *     retried out of order
     */
    static <E> List<E> entriesToResend(List<E> batch, WriteOutcome outcome, EntryTraits<E> traits)
            throws OutOfOrderWriteException {
        int[] failed = outcome.unconfirmedPositions();
        boolean[] unconfirmed = new boolean[batch.size()];
        Map<Object, KeyState> keys = new HashMap<>();
        for (int position : failed) {
            unconfirmed[position] = true;
            keys.putIfAbsent(traits.keyOf(batch.get(position)), new KeyState(position));
        }
        Object[] keyAt = new Object[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            E entry = batch.get(i);
            Object key = traits.keyOf(entry);
            keyAt[i] = key;
            KeyState state = keys.get(key);
            if (state == null || i < state.firstFailure) {
                continue;
            }
            state.confirmedAfterFailure |= !unconfirmed[i];
            state.allIdempotent &= traits.isIdempotent(entry);
            state.allCommutative &= traits.isCommutative(entry);
        }
        List<E> resend = new ArrayList<>(failed.length);
        for (int i = 0; i < batch.size(); i++) {
            KeyState state = keys.get(keyAt[i]);
            if (state == null || i < state.firstFailure) {
                continue;
            }
            switch (state.rule()) {
                case RESEND_UNCONFIRMED_ONLY:
                    if (unconfirmed[i]) {
                        resend.add(batch.get(i));
                    }
                    break;
                case RESEND_ALL_FROM_FIRST_FAILURE:
                    resend.add(batch.get(i));
                    break;
                default:
                    throw new OutOfOrderWriteException(
                            traits.describeKey(batch.get(i)), outcome.cause());
            }
        }
        return resend;
    }
}
