package dev.flinkext.common.resource;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedResourcesTest {

    private static final class Client implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void oneObjectPerKeyClosedByTheLastLease() throws Exception {
        AtomicInteger created = new AtomicInteger();
        SharedResources.Lease<Client> first =
                SharedResources.acquire("k1", () -> countCreate(created));
        SharedResources.Lease<Client> second =
                SharedResources.acquire("k1", () -> countCreate(created));

        assertThat(created).hasValue(1);
        assertThat(second.get()).isSameAs(first.get());
        assertThat(SharedResources.references("k1")).isEqualTo(2);

        first.close();
        first.close(); // a second close of one lease gives back nothing more
        assertThat(second.get().closes).hasValue(0);
        assertThat(SharedResources.references("k1")).isEqualTo(1);

        Client client = second.get();
        second.close();
        assertThat(client.closes).hasValue(1);
        assertThat(SharedResources.references("k1")).isZero();
        assertThatThrownBy(second::get).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void differentKeysNeverShareAndAReleasedKeyIsCreatedAnew() throws Exception {
        try (var a = SharedResources.acquire("ka", Client::new);
                var b = SharedResources.acquire("kb", Client::new)) {
            assertThat(a.get()).isNotSameAs(b.get());
        }
        AtomicInteger created = new AtomicInteger();
        try (var again = SharedResources.acquire("ka", () -> countCreate(created))) {
            assertThat(created).hasValue(1);
        }
    }

    @Test
    void aLeaseMovedOntoAViewKeepsTheShareAndClosesOnlyOnce() throws Exception {
        var lease = SharedResources.acquire("kview", Client::new);
        Client client = lease.get();
        SharedResources.Lease<AutoCloseable> view = lease.as(c -> () -> {});
        assertThat(SharedResources.references("kview")).isEqualTo(1);
        assertThatThrownBy(lease::get).hasMessageContaining("'kview' is closed");
        lease.close(); // moved: closing the old lease releases nothing
        assertThat(SharedResources.references("kview")).isEqualTo(1);
        assertThat(client.closes).hasValue(0);
        view.close();
        assertThat(SharedResources.references("kview")).isZero();
        assertThat(client.closes).hasValue(1);
    }

    @Test
    void aFailingFactoryRegistersNothing() {
        assertThatThrownBy(
                        () ->
                                SharedResources.acquire(
                                        "kf",
                                        () -> {
                                            throw new IllegalStateException("cannot connect");
                                        }))
                .hasMessage("cannot connect");
        assertThat(SharedResources.references("kf")).isZero();
    }

    private static Client countCreate(AtomicInteger created) {
        created.incrementAndGet();
        return new Client();
    }
}
