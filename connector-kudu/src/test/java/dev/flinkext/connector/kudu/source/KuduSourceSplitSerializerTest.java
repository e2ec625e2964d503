package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.source.SplitListSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The split and enumerator-state formats: round trips and refusing unknown versions. */
class KuduSourceSplitSerializerTest {

    private static final KuduSourceSplit FRESH =
            KuduSourceSplit.of("0123456789abcdef0123456789abcdef", new byte[] {1, 2, 3, -1});
    private static final KuduSourceSplit READ_HALF =
            new KuduSourceSplit("fedcba9876543210fedcba9876543210", new byte[0], 1234, 7357L << 12);

    private static void assertSame(KuduSourceSplit actual, KuduSourceSplit expected) {
        assertThat(actual.splitId()).isEqualTo(expected.splitId());
        assertThat(actual.token()).isEqualTo(expected.token());
        assertThat(actual.emitted()).isEqualTo(expected.emitted());
        assertThat(actual.snapshotTimestamp()).isEqualTo(expected.snapshotTimestamp());
    }

    @Test
    void splitsRoundTripWithTheirPosition() throws IOException {
        KuduSourceSplitSerializer serializer = KuduSourceSplitSerializer.INSTANCE;
        for (KuduSourceSplit split : List.of(FRESH, READ_HALF)) {
            assertSame(
                    serializer.deserialize(serializer.getVersion(), serializer.serialize(split)),
                    split);
        }
        assertThat(FRESH.snapshotTimestamp()).isEqualTo(KuduSourceSplit.NO_SNAPSHOT);
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        SplitListSerializer<KuduSourceSplit> serializer =
                new SplitListSerializer<>("Kudu", KuduSourceSplitSerializer.INSTANCE);
        List<KuduSourceSplit> back =
                serializer.deserialize(
                        serializer.getVersion(), serializer.serialize(List.of(FRESH, READ_HALF)));
        assertThat(back).hasSize(2);
        assertSame(back.get(0), FRESH);
        assertSame(back.get(1), READ_HALF);
        assertThat(serializer.deserialize(1, serializer.serialize(List.of()))).isEmpty();
    }

    @Test
    void unknownVersionsAreRefused() {
        assertThatThrownBy(() -> KuduSourceSplitSerializer.INSTANCE.deserialize(2, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown Kudu split version 2");
        assertThatThrownBy(
                        () ->
                                new SplitListSerializer<>(
                                                "Kudu", KuduSourceSplitSerializer.INSTANCE)
                                        .deserialize(9, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown Kudu enumerator state version 9");
    }
}
