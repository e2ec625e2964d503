package dev.flinkext.testing.kafka;

import dev.flinkext.testing.ServerExtension;

import java.util.Map;
import java.util.TreeMap;

/**
 * Starts one in-JVM Kafka 4.2 KRaft node (broker and controller in one) on a free loopback port.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.server().bootstrapServers() ...
 * }</pre>
 *
 * <p>The module's tests need {@code org.apache.kafka:kafka_2.13} and {@code kafka-server} (they are
 * optional dependencies of flinkext-testing).
 */
public final class KafkaBrokerExtension extends ServerExtension<KafkaBroker> {

    private final Map<String, String> brokerProperties = new TreeMap<>();

    /** Overrides or adds a broker setting (for example {@code auto.create.topics.enable}). */
    public KafkaBrokerExtension withBrokerProperty(String key, String value) {
        brokerProperties.put(key, value);
        return this;
    }

    @Override
    protected KafkaBroker startServer() throws Exception {
        return KafkaBroker.start(brokerProperties);
    }

    @Override
    protected String sharingKey() {
        return brokerProperties.toString();
    }
}
