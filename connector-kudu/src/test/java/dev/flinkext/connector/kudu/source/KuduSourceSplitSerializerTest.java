package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.source.SplitListSerializer;
import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The split and enumerator-state formats: round trips, version 1 state, unknown versions. */
class KuduSourceSplitSerializerTest {

    private static final KuduSourceSplit FRESH =
            KuduSourceSplit.of("0123456789abcdef0123456789abcdef", new byte[] {1, 2, 3, -1});
    private static final KuduSourceSplit READ_HALF =
            new KuduSourceSplit(
                    "fedcba9876543210fedcba9876543210",
                    new byte[0],
                    new KuduSplitPosition(
                            Phase.SNAPSHOT, 7357L << 12, 1234, KuduSplitPosition.NO_TIMESTAMP));
    private static final KuduSourceSplit IN_A_WINDOW =
            new KuduSourceSplit(
                    "00000000000000000000000000000001",
                    new byte[] {9},
                    new KuduSplitPosition(Phase.CHANGES, 7357L << 12, 3, 7360L << 12));
    private static final KuduSourceSplit BETWEEN_WINDOWS =
            FRESH.at(KuduSplitPosition.changesAfter(42L << 12));

    private static void assertSame(KuduSourceSplit actual, KuduSourceSplit expected) {
        assertThat(actual.splitId()).isEqualTo(expected.splitId());
        assertThat(actual.token()).isEqualTo(expected.token());
        assertThat(actual.position()).isEqualTo(expected.position());
    }

    @Test
    void splitsRoundTripWithTheirPosition() throws IOException {
        KuduSourceSplitSerializer serializer = KuduSourceSplitSerializer.INSTANCE;
        for (KuduSourceSplit split : List.of(FRESH, READ_HALF, IN_A_WINDOW, BETWEEN_WINDOWS)) {
            assertSame(
                    serializer.deserialize(serializer.getVersion(), serializer.serialize(split)),
                    split);
        }
        assertThat(FRESH.position().timestamp()).isEqualTo(KuduSplitPosition.NO_TIMESTAMP);
        assertThat(BETWEEN_WINDOWS.position().windowOpen()).isFalse();
    }

    @Test
    void versionOneStateReadsAsASnapshotSplit() throws IOException {
        DataOutputSerializer v1 = new DataOutputSerializer(64);
        v1.writeUTF(READ_HALF.splitId());
        v1.writeInt(2);
        v1.write(new byte[] {7, 8});
        v1.writeLong(1234);
        v1.writeLong(7357L << 12);
        KuduSourceSplit read =
                KuduSourceSplitSerializer.INSTANCE.deserialize(1, v1.getCopyOfBuffer());
        assertThat(read.token()).containsExactly(7, 8);
        assertThat(read.position()).isEqualTo(READ_HALF.position());
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        SplitListSerializer<KuduSourceSplit> serializer =
                new SplitListSerializer<>("Kudu", KuduSourceSplitSerializer.INSTANCE);
        List<KuduSourceSplit> back =
                serializer.deserialize(
                        serializer.getVersion(),
                        serializer.serialize(List.of(FRESH, READ_HALF, IN_A_WINDOW)));
        assertThat(back).hasSize(3);
        assertSame(back.get(0), FRESH);
        assertSame(back.get(1), READ_HALF);
        assertSame(back.get(2), IN_A_WINDOW);
        assertThat(serializer.deserialize(1, serializer.serialize(List.of()))).isEmpty();
    }

    @Test
    void unknownVersionsAreRefused() {
        assertThatThrownBy(() -> KuduSourceSplitSerializer.INSTANCE.deserialize(3, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown Kudu split version 3");
        assertThatThrownBy(
                        () ->
                                new SplitListSerializer<>(
                                                "Kudu", KuduSourceSplitSerializer.INSTANCE)
                                        .deserialize(9, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Unknown Kudu enumerator state version 9");
    }
}
