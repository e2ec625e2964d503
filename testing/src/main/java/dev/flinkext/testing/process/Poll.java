package dev.flinkext.testing.process;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/** Waits for a server to become ready, with a deadline and the last failure in the error. */
public final class Poll {

    private Poll() {}

    /**
     * Calls {@code ready} every 50 ms until it returns true, failing after {@code timeout}. Any
     * exception from {@code ready} counts as "not yet"; the last one is the cause of the timeout.
     * {@code beforeEachTry} may throw to abort at once (for example when the process died).
     */
    public static void until(
            String what, Duration timeout, Runnable beforeEachTry, Callable<Boolean> ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            beforeEachTry.run();
            try {
                if (Boolean.TRUE.equals(ready.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException(
                "Timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }

    /**
     * Waits for {@code condition} while a job runs: fails at once, rather than at the timeout, when
     * {@code running} turns false before the condition holds (the job ended and the phase the test
     * waits for was missed). {@code running} may itself throw, e.g. the job's failure.
     */
    public static void untilWhileRunning(
            String what, Duration timeout, BooleanSupplier running, BooleanSupplier condition) {
        until(
                what,
                timeout,
                () -> {
                    if (!running.getAsBoolean() && !condition.getAsBoolean()) {
                        throw new AssertionError("the job ended before " + what);
                    }
                },
                condition::getAsBoolean);
    }
}
