package dev.actorfactory.kafka.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-JVM single-node KRaft broker (spring-kafka-test's {@link EmbeddedKafkaKraftBroker}) for integration tests:
 * combined broker and controller, listening on 127.0.0.1 on ports the operating system picks, with the given topics
 * created with {@code partitions} partitions each. Settings that make a one-node cluster quick: replication factors
 * of 1, no initial rebalance delay, a one-partition offsets topic.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start(4, "orders")) {
 *     props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final Duration startTime;

    private EmbeddedBroker(EmbeddedKafkaKraftBroker broker, Duration startTime) {
        this.broker = broker;
        this.startTime = startTime;
    }

    /** Starts a broker and creates {@code topics} with {@code partitions} partitions each; returns when it is ready. */
    public static EmbeddedBroker start(int partitions, String... topics) {
        return start(partitions, Map.of(), topics);
    }

    /**
     * Starts a broker with extra broker settings ({@code server.properties} keys, applied after this class's own) and
     * creates {@code topics} with {@code partitions} partitions each; returns when it is ready.
     */
    public static EmbeddedBroker start(int partitions, Map<String, String> brokerProperties, String... topics) {
        Map<String, String> properties = new HashMap<>(defaultBrokerProperties());
        properties.putAll(brokerProperties);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
        broker.brokerProperties(properties);
        long started = System.nanoTime();
        try {
            broker.afterPropertiesSet();
        } catch (RuntimeException e) {
            try {
                broker.destroy();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new EmbeddedBroker(broker, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The settings this class gives every broker it starts. */
    static Map<String, String> defaultBrokerProperties() {
        Map<String, String> properties = new HashMap<>();
        // 127.0.0.1 rather than the test kit's "localhost"; port 0: the operating system picks a free one at bind time
        properties.put("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "false");
        return properties;
    }

    /**
     * The {@code bootstrap.servers} value for clients, {@code 127.0.0.1:port}. The test kit names its listeners
     * {@code localhost}; the listeners set here bind and advertise 127.0.0.1, and so does this address.
     */
    public String bootstrapServers() {
        return broker.getBrokersAsString().replace("localhost:", "127.0.0.1:");
    }

    /** How long {@link #start} took, from creating the cluster to its topics being ready. */
    public Duration startTime() {
        return startTime;
    }

    /** Creates more topics with this broker's partition count. */
    public void createTopics(String... topics) {
        broker.addTopics(topics);
    }

    /** The underlying spring-kafka-test broker, for what this class does not expose. */
    public EmbeddedKafkaKraftBroker delegate() {
        return broker;
    }

    /** Stops the broker and deletes its log directories. */
    public void stop() {
        broker.destroy();
    }

    @Override
    public void close() {
        stop();
    }
}
