package dev.flinkext.lookup.format;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PerThreadDecoderTest {

    /** Stands for a format's deserializer: state set by open, unsafe to share. */
    static final class Decoder implements Serializable {
        private static final long serialVersionUID = 1L;
        final String setting;
        transient int opened;

        Decoder(String setting) {
            this.setting = setting;
        }

        @Override
        public String toString() {
            return "Decoder(" + setting + ")";
        }
    }

    @Test
    void theOpeningThreadUsesTheFirstCopyOthersTheirOwnOpenedCopy() throws Exception {
        Decoder first = new Decoder("json");
        PerThreadDecoder<Decoder> decoders = new PerThreadDecoder<>(first);
        AtomicInteger opens = new AtomicInteger();
        decoders.open(
                getClass().getClassLoader(),
                d -> {
                    d.opened++;
                    opens.incrementAndGet();
                });
        assertThat(decoders.get()).isSameAs(first).isSameAs(decoders.first());
        assertThat(first.opened).isEqualTo(1);

        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch allRunning = new CountDownLatch(threads);
        Set<Decoder> seen = ConcurrentHashMap.newKeySet();
        try {
            Future<?>[] runs = new Future<?>[threads];
            for (int i = 0; i < threads; i++) {
                runs[i] =
                        pool.submit(
                                () -> {
                                    allRunning.countDown();
                                    allRunning.await(10, TimeUnit.SECONDS);
                                    Decoder mine = decoders.get();
                                    assertThat(decoders.get()).isSameAs(mine); // stable per thread
                                    seen.add(mine);
                                    return null;
                                });
            }
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(threads).doesNotContain(first);
        assertThat(seen).allSatisfy(d -> assertThat(d.opened).isEqualTo(1));
        assertThat(seen).extracting(d -> d.setting).containsOnly("json");
        assertThat(opens).hasValue(threads + 1);
    }

    @Test
    void aCopyThatFailsToOpenNamesTheDecoderAndTheThread() throws Exception {
        PerThreadDecoder<Decoder> decoders = new PerThreadDecoder<>(new Decoder("csv"));
        AtomicInteger opens = new AtomicInteger();
        decoders.open(
                getClass().getClassLoader(),
                d -> {
                    if (opens.incrementAndGet() > 1) {
                        throw new IllegalArgumentException("schema registry unreachable");
                    }
                });
        Thread reader =
                new Thread(
                        () ->
                                assertThatThrownBy(decoders::get)
                                        .hasMessageContaining("Decoder(csv)")
                                        .hasMessageContaining("'lookup-reader-1'")
                                        .hasMessageContaining("schema registry unreachable"),
                        "lookup-reader-1");
        AtomicInteger failures = new AtomicInteger();
        reader.setUncaughtExceptionHandler((t, e) -> failures.incrementAndGet());
        reader.start();
        reader.join(10_000);
        assertThat(failures).hasValue(0);
        assertThat(opens).hasValue(2);
    }

    @Test
    void useBeforeOpenFailsNamingTheDecoder() {
        PerThreadDecoder<Decoder> decoders = new PerThreadDecoder<>(new Decoder("raw"));
        assertThatThrownBy(decoders::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Decoder(raw)")
                .hasMessageContaining("before it was opened");
    }
}
