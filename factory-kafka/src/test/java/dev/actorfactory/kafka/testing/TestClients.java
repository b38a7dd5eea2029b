package dev.actorfactory.kafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients producers, consumers and admin clients with settings that suit a local one-node broker. */
public final class TestClients {

    private TestClients() {
    }

    /** An idempotent producer of String keys and values, {@code acks=all}. */
    public static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props);
    }

    /**
     * A consumer of String keys and values in {@code groupId} (classic protocol, manual commits, from the earliest
     * offset, a short session timeout so that a dead member leaves quickly); {@code overrides} win.
     */
    public static KafkaConsumer<String, String> consumer(String bootstrapServers, String groupId,
            Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    /** An admin client. */
    public static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return Admin.create(props);
    }

    /**
     * Sends {@code count} records to {@code topic}: key {@code "k-" + (i % keys)}, value {@code i}; waits for every
     * acknowledgement and returns their metadata in sending order.
     */
    public static List<RecordMetadata> produce(KafkaProducer<String, String> producer, String topic, int count,
            int keys) throws InterruptedException, ExecutionException, TimeoutException {
        List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sends.add(producer.send(new ProducerRecord<>(topic, "k-" + (i % keys), Integer.toString(i))));
        }
        producer.flush();
        List<RecordMetadata> acks = new ArrayList<>(count);
        for (var send : sends) {
            acks.add(send.get(30, TimeUnit.SECONDS));
        }
        return acks;
    }

    /**
     * Polls {@code consumer} until {@code count} records arrived (or {@code timeout} passed), committing after each
     * non-empty poll; returns the records in arrival order.
     */
    public static List<ConsumerRecord<String, String>> consume(KafkaConsumer<String, String> consumer, int count,
            Duration timeout) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                records.forEach(received::add);
                consumer.commitSync(Duration.ofSeconds(10));
            }
        }
        return received;
    }
}
