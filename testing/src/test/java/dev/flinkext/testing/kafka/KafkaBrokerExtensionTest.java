package dev.flinkext.testing.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class KafkaBrokerExtensionTest {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void producedRecordsAreConsumedBack() {
        KafkaBroker kafka = KAFKA.server();
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        kafka.createTopic("round-trip", 3);

        kafka.produce(
                "round-trip",
                List.of(
                        KafkaRecord.of("k1", "v1"),
                        KafkaRecord.of("k2", "v2"),
                        KafkaRecord.value("no key"),
                        KafkaRecord.of(new byte[] {1, 2}, new byte[] {3})));

        List<KafkaRecord> read = kafka.consume("round-trip", 4, Duration.ofSeconds(30));
        assertThat(read)
                .extracting(KafkaRecord::keyString, KafkaRecord::valueString)
                .contains(tuple("k1", "v1"), tuple("k2", "v2"), tuple(null, "no key"));
        assertThat(read).hasSize(4);
        assertThat(read).anySatisfy(r -> assertThat(r.key()).containsExactly(1, 2));
        assertThat(read).allSatisfy(r -> assertThat(r.partition()).isBetween(0, 2));
    }

    @Test
    void valuesKeepTheirOrderInOnePartition() {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("ordered", 1);
        kafka.produceValues("ordered", "a", "b", "c");

        assertThat(kafka.consumeValues("ordered", 3, Duration.ofSeconds(30)))
                .containsExactly("a", "b", "c");
        // No consumer group: reading again returns the same records.
        assertThat(kafka.consumeValues("ordered", 3, Duration.ofSeconds(30)))
                .containsExactly("a", "b", "c");
    }

    @Test
    void consumeFailsClearlyWhenRecordsAreMissing() {
        KafkaBroker kafka = KAFKA.server();
        kafka.createTopic("short", 1);
        kafka.produceValues("short", "only one");

        assertThatThrownBy(() -> kafka.consume("short", 2, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected 2 records in topic short")
                .hasMessageContaining("only one");
    }
}
