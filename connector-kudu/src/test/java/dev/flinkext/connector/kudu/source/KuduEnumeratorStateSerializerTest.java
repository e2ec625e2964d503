package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.source.SplitListSerializer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KuduEnumeratorStateSerializerTest {

    private static final KuduEnumeratorStateSerializer SERIALIZER =
            KuduEnumeratorStateSerializer.INSTANCE;

    private static final KuduSourceSplit SPLIT =
            KuduSourceSplit.of("tablet-a", new byte[] {1, 2, 3})
                    .at(new KuduSplitPosition(KuduSplitPosition.Phase.CHANGES, 42, 7, 99));

    @Test
    void roundTripsRemainingKnownAndDroppedTablets() throws Exception {
        KuduEnumeratorState state =
                new KuduEnumeratorState(
                        List.of(SPLIT),
                        Set.of("tablet-a", "tablet-b", "tablet-c"),
                        Set.of("tablet-c"));
        KuduEnumeratorState back =
                SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(state));
        assertThat(back.known()).isEqualTo(state.known());
        assertThat(back.dropped()).isEqualTo(state.dropped());
        assertThat(back.remaining()).hasSize(1);
        assertThat(back.remaining().get(0).splitId()).isEqualTo("tablet-a");
        assertThat(back.remaining().get(0).position()).isEqualTo(SPLIT.position());
        assertThat(back.remaining().get(0).token()).containsExactly(1, 2, 3);
    }

    @Test
    void stateWithoutKnownTabletsRoundTripsAsSuch() throws Exception {
        KuduEnumeratorState state = new KuduEnumeratorState(List.of(), null, Set.of());
        assertThat(SERIALIZER.deserialize(2, SERIALIZER.serialize(state)).known()).isNull();
    }

    @Test
    void readsTheSplitListOfVersionOneWithNoKnownTablets() throws Exception {
        SplitListSerializer<KuduSourceSplit> v1 =
                new SplitListSerializer<>("Kudu", KuduSourceSplitSerializer.INSTANCE);
        KuduEnumeratorState back = SERIALIZER.deserialize(1, v1.serialize(List.of(SPLIT)));
        assertThat(back.known()).isNull();
        assertThat(back.dropped()).isEmpty();
        assertThat(back.remaining())
                .extracting(KuduSourceSplit::splitId)
                .containsExactly("tablet-a");
    }

    @Test
    void anUnknownVersionIsNamed() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(9, new byte[0]))
                .hasMessageContaining("version 9");
    }
}
