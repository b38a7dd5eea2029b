package dev.actorfactory.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.actorfactory.kafka.testing.EmbeddedBroker;
import dev.actorfactory.kafka.testing.TestClients;

/** Proof that the in-JVM KRaft broker works here: 1,000 records produced and consumed in a group, in order. */
class EmbeddedBrokerTest {

    private static final String TOPIC = "proof";
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 1_000;
    private static final int KEYS = 50;

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(PARTITIONS, TOPIC);
        System.out.printf("EmbeddedBroker started in %d ms at %s%n", broker.startTime().toMillis(),
                broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            long started = System.nanoTime();
            broker.stop();
            System.out.printf("EmbeddedBroker stopped in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Test
    void listensOnLoopback() throws Exception {
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        try (Admin admin = TestClients.admin(broker.bootstrapServers())) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .as("the broker advertises 127.0.0.1").singleElement()
                    .extracting(Node::host).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void producesAndConsumesAThousandRecordsInAGroupInPartitionOrder() throws Exception {
        List<RecordMetadata> acks;
        try (KafkaProducer<String, String> producer = TestClients.producer(broker.bootstrapServers())) {
            acks = TestClients.produce(producer, TOPIC, RECORDS, KEYS);
        }
        assertThat(acks).hasSize(RECORDS);
        assertThat(acks.stream().map(RecordMetadata::partition).collect(Collectors.toSet()))
                .as("keys spread over every partition").hasSize(PARTITIONS);

        List<ConsumerRecord<String, String>> received;
        Map<TopicPartition, OffsetAndMetadata> committed;
        long started = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = TestClients.consumer(broker.bootstrapServers(), "proof-group",
                Map.of())) {
            consumer.subscribe(List.of(TOPIC));
            received = TestClients.consume(consumer, RECORDS, Duration.ofSeconds(60));
            Set<TopicPartition> partitions = new java.util.HashSet<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            committed = consumer.committed(partitions, Duration.ofSeconds(10));
        }
        System.out.printf("consumed %d records in %d ms (group join included)%n", received.size(),
                (System.nanoTime() - started) / 1_000_000);

        assertThat(received).hasSize(RECORDS);
        assertThat(received.stream().map(ConsumerRecord::value).collect(Collectors.toSet()))
                .as("every record exactly once").hasSize(RECORDS);

        // per partition: offsets 0, 1, 2, ... in order, and the order the producer acknowledged
        Map<Integer, List<Long>> offsetsByPartition = new HashMap<>();
        Map<String, List<Integer>> valuesByKey = new HashMap<>();
        for (ConsumerRecord<String, String> record : received) {
            offsetsByPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.offset());
            valuesByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Integer.parseInt(record.value()));
        }
        Map<Integer, Long> producedPerPartition = acks.stream()
                .collect(Collectors.groupingBy(RecordMetadata::partition, Collectors.counting()));
        for (var entry : offsetsByPartition.entrySet()) {
            List<Long> offsets = entry.getValue();
            assertThat(offsets).as("partition %d", entry.getKey()).isSorted().doesNotHaveDuplicates();
            assertThat(offsets).as("partition %d", entry.getKey()).hasSize(producedPerPartition.get(entry.getKey()).intValue());
            assertThat(offsets.get(0)).isZero();
        }
        for (var entry : valuesByKey.entrySet()) {
            assertThat(entry.getValue()).as("key %s in sending order", entry.getKey()).isSorted();
        }

        // the group's commits cover every record
        long committedTotal = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        assertThat(committedTotal).isEqualTo(RECORDS);
        for (var entry : committed.entrySet()) {
            assertThat(entry.getValue().offset()).as("%s", entry.getKey())
                    .isEqualTo(producedPerPartition.get(entry.getKey().partition()));
        }
    }
}
