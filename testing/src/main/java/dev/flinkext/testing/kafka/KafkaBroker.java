package dev.flinkext.testing.kafka;

import dev.flinkext.testing.process.FreePorts;
import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.TempDirs;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running in-JVM Kafka KRaft node (broker and controller in one process, the test JVM), listening
 * on 127.0.0.1. Its log directory is a temp folder removed by {@link #close()}. Being threads of
 * the test JVM, it cannot outlive it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final Path dir;
    private final String bootstrapServers;
    private final Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    private KafkaBroker(KafkaRaftServer server, Path dir, String bootstrapServers) {
        this.server = server;
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
        this.admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                "30000"));
    }

    /** Formats a fresh log directory and starts the node; {@code overrides} win over defaults. */
    static KafkaBroker start(Map<String, String> overrides) {
        long started = System.nanoTime();
        // Kafka halts the JVM on fatal faults; in a test JVM that must be an error, not an exit.
        Exit.setExitProcedure(KafkaBroker::refuseExit);
        Exit.setHaltProcedure(KafkaBroker::refuseExit);
        Path dir = TempDirs.create("kafka");
        int brokerPort = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        String bootstrap = "127.0.0.1:" + brokerPort;
        KafkaRaftServer server = null;
        KafkaBroker broker = null;
        try {
            Map<String, String> settings =
                    config(dir.resolve("logs"), brokerPort, controllerPort, overrides);
            format(dir, settings);
            KafkaConfig config = new KafkaConfig(settings, false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            broker = new KafkaBroker(server, dir, bootstrap);
            Admin admin = broker.admin;
            Poll.until(
                    "Kafka broker at " + bootstrap,
                    START_TIMEOUT,
                    () -> {},
                    () -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
            LOG.info(
                    "Kafka broker ready at {} in {} ms (data in {})",
                    bootstrap,
                    (System.nanoTime() - started) / 1_000_000,
                    dir);
            return broker;
        } catch (Exception e) {
            if (broker != null) {
                broker.close();
            } else {
                if (server != null) {
                    server.shutdown();
                    server.awaitShutdown();
                }
                TempDirs.deleteQuietly(dir);
            }
            throw new IllegalStateException(
                    "Kafka broker on "
                            + bootstrap
                            + " (controller 127.0.0.1:"
                            + controllerPort
                            + ") failed to start",
                    e);
        }
    }

    private static Map<String, String> config(
            Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica; small partition counts start faster.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "true");
        props.putAll(overrides);
        return props;
    }

    /**
     * Runs {@code kafka-storage.sh format} in-process: writes meta.properties and the bootstrap
     * metadata that a KRaft node needs before its first start.
     */
    private static void format(Path dir, Map<String, String> config) throws IOException {
        Path file = dir.resolve("server.properties");
        Properties props = new Properties();
        props.putAll(config);
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, "flinkext KafkaBroker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = {
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            file.toString(),
            "--ignore-formatted"
        };
        int status = StorageTool.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed with status " + status + ": " + out);
        }
    }

    private static void refuseExit(int status, String message) {
        throw new IllegalStateException(
                "Kafka asked to stop the JVM with status " + status + ": " + message);
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** An admin client for this broker, owned by the broker (do not close it). */
    public Admin admin() {
        return admin;
    }

    /** Creates a topic with one replica and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot create topic " + name + " on " + bootstrapServers, e);
        }
        Poll.until(
                "leaders of topic " + name + " on " + bootstrapServers,
                CALL_TIMEOUT,
                () -> {},
                () -> {
                    TopicDescription d =
                            admin.describeTopics(List.of(name))
                                    .allTopicNames()
                                    .get(5, TimeUnit.SECONDS)
                                    .get(name);
                    return d.partitions().size() == partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null);
                });
    }

    /** Writes values without keys, in order, and waits until the broker acknowledged all. */
    public void produceValues(String topic, String... values) {
        produce(topic, Arrays.stream(values).map(KafkaRecord::value).toList());
    }

    /**
     * Writes records in order and waits until the broker acknowledged all of them. A record's
     * partition is used when it is not negative; otherwise the producer picks one from the key.
     */
    public void produce(String topic, List<KafkaRecord> records) {
        KafkaProducer<byte[], byte[]> p = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (KafkaRecord r : records) {
            Integer partition = r.partition() < 0 ? null : r.partition();
            acks.add(p.send(new ProducerRecord<>(topic, partition, r.key(), r.value())));
        }
        p.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot write to topic " + topic + " on " + bootstrapServers, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition until at least {@code
     * expectedCount} records arrived, and returns all read (without a consumer group, so it can be
     * called again and reads the same records). Fails with the records read so far after {@code
     * timeout}.
     */
    public List<KafkaRecord> consume(String topic, int expectedCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<KafkaRecord> read = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // read_committed so that a transactional (exactly-once) writer's aborted data is skipped
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = partitionsOf(consumer, topic);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read.size() < expectedCount && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(new KafkaRecord(r.key(), r.value(), r.partition(), r.offset()));
                }
            }
        }
        if (read.size() < expectedCount) {
            throw new AssertionError(
                    "Expected "
                            + expectedCount
                            + " records in topic "
                            + topic
                            + " on "
                            + bootstrapServers
                            + " within "
                            + timeout.toSeconds()
                            + " s but read "
                            + read.size()
                            + ": "
                            + read);
        }
        return read;
    }

    /** {@link #consume} that returns the values decoded as UTF-8. */
    public List<String> consumeValues(String topic, int expectedCount, Duration timeout) {
        return consume(topic, expectedCount, timeout).stream()
                .map(KafkaRecord::valueString)
                .collect(Collectors.toList());
    }

    private static List<TopicPartition> partitionsOf(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(1));
            return infos == null
                    ? List.of()
                    : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            // Idempotence off: right after a topic is created, a retried first batch was seen to
            // loop forever on OUT_OF_ORDER_SEQUENCE_NUMBER (the broker had appended it). One
            // request in flight keeps the order on retries; the delivery timeout bounds a
            // broken broker instead of hanging the test.
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Stops the node and deletes its log directory. */
    @Override
    public synchronized void close() {
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            admin.close(Duration.ofSeconds(5));
        } finally {
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                TempDirs.deleteQuietly(dir);
            }
        }
    }
}
