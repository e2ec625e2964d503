package dev.flinkext.lookup.batch;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.lookup.metrics.LookupMetricNames;
import dev.flinkext.lookup.testing.InMemoryMultiKeyReader;
import dev.flinkext.testing.metrics.RecordingMetricGroup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.key;
import static dev.flinkext.lookup.testing.InMemoryMultiKeyReader.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReaderLookupFunctionTest {

    private final InMemoryMultiKeyReader reader =
            InMemoryMultiKeyReader.create()
                    .put(1, row(1, "one"))
                    .put(3, row(3, "three"), row(3, "drei"));
    private final RecordingMetricGroup metrics = new RecordingMetricGroup();
    private ReaderLookupFunction function;

    @AfterEach
    void close() throws Exception {
        if (function != null) {
            function.close();
        }
    }

    private ReaderLookupFunction open(RetryPolicy retries) throws Exception {
        function = new ReaderLookupFunction(reader, retries);
        function.open(metrics.functionContext());
        return function;
    }

    @Test
    void readsOneKeyPerLookup() throws Exception {
        open(RetryPolicy.of(0));

        assertThat(function.lookup(key(1))).containsExactly(row(1, "one"));
        assertThat(function.lookup(key(3))).containsExactly(row(3, "three"), row(3, "drei"));
        assertThat(function.lookup(key(99))).isEmpty();
        assertThat(reader.calls())
                .containsExactly(List.of(key(1)), List.of(key(3)), List.of(key(99)));
        assertThat(reader.isOpen()).isTrue();
    }

    @Test
    void retriesFailedReadsThenSucceeds() throws Exception {
        reader.failNext(2);
        open(RetryPolicy.of(2, Duration.ZERO, Duration.ZERO));

        assertThat(function.lookup(key(1))).containsExactly(row(1, "one"));
        assertThat(reader.calls()).hasSize(3);
        assertThat(metrics.count("lookup." + LookupMetricNames.READ_FAILURES)).isEqualTo(2);
        assertThat(metrics.count("lookup." + LookupMetricNames.RETRIES)).isEqualTo(2);
    }

    @Test
    void retriesWithBackoffWhenTheReaderCompletesOnItsOwnThreads() throws Exception {
        ExecutorService storeThread = Executors.newSingleThreadExecutor();
        try {
            reader.completeOn(storeThread).failNext(1);
            open(RetryPolicy.of(1, Duration.ofMillis(1), Duration.ofMillis(1)));

            assertThat(function.lookup(key(3))).hasSize(2);
            assertThat(reader.calls()).hasSize(2);
        } finally {
            storeThread.shutdownNow();
        }
    }

    @Test
    void exhaustedRetriesThrowAnIOExceptionNamingAttemptsAndCause() throws Exception {
        reader.failNext(3);
        open(RetryPolicy.of(2, Duration.ZERO, Duration.ZERO));

        assertThatThrownBy(() -> function.lookup(key(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("1 key(s)")
                .hasMessageContaining("3 attempt(s)")
                .hasMessageContaining("Connection refused: " + InMemoryMultiKeyReader.ADDRESS);
        assertThat(reader.calls()).hasSize(3);

        assertThat(function.lookup(key(1))).containsExactly(row(1, "one"));
    }

    @Test
    void closeClosesTheReader() throws Exception {
        open(RetryPolicy.of(0));
        function.close();
        function = null;
        assertThat(reader.isClosed()).isTrue();
    }
}
