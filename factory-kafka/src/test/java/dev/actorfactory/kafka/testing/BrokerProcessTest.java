package dev.actorfactory.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** Proof that a real Kafka broker runs here as its own process: start, a 4-partition topic, 100 records, stop. */
class BrokerProcessTest {

    @Test
    void startsProducesConsumesAndStops() throws Exception {
        BrokerProcess broker = BrokerProcess.start();
        Path directory = broker.directory();
        int exitCode;
        try {
            System.out.printf("BrokerProcess (pid %d) at %s: format %d ms, start %d ms%n", broker.pid(),
                    broker.bootstrapServers(), broker.formatTime().toMillis(), broker.startTime().toMillis());
            assertThat(broker.process().isAlive()).isTrue();
            assertThat(broker.pid()).isNotEqualTo(ProcessHandle.current().pid());

            broker.createTopic("proof", 4);
            List<RecordMetadata> acks;
            try (KafkaProducer<String, String> producer = TestClients.producer(broker.bootstrapServers())) {
                acks = TestClients.produce(producer, "proof", 100, 10);
            }
            assertThat(acks.stream().map(RecordMetadata::partition).collect(Collectors.toSet())).hasSize(4);

            List<ConsumerRecord<String, String>> received;
            try (KafkaConsumer<String, String> consumer = TestClients.consumer(broker.bootstrapServers(),
                    "proof-group", Map.of())) {
                consumer.subscribe(List.of("proof"));
                received = TestClients.consume(consumer, 100, Duration.ofSeconds(60));
            }
            assertThat(received).hasSize(100);
            assertThat(received.stream().map(ConsumerRecord::value).collect(Collectors.toSet())).hasSize(100);
            Map<String, List<Integer>> valuesByKey = new HashMap<>();
            for (ConsumerRecord<String, String> record : received) {
                valuesByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Integer.parseInt(record.value()));
            }
            valuesByKey.forEach((key, values) -> assertThat(values).as("key %s", key).isSorted());
        } finally {
            long stopping = System.nanoTime();
            exitCode = broker.stop(Duration.ofSeconds(30));
            System.out.printf("BrokerProcess stopped with exit code %d in %d ms%n", exitCode,
                    (System.nanoTime() - stopping) / 1_000_000);
        }
        assertThat(broker.process().isAlive()).isFalse();
        assertThat(exitCode).as("a clean SIGTERM shutdown").isIn(0, JvmProcess.EXIT_SIGTERM);
        assertThat(Files.exists(directory)).as("temporary directory deleted").isFalse();
    }

    @Test
    void writesAClassPathWithTheServerJars() {
        String classpath = BrokerProcess.brokerClasspath();
        assertThat(classpath).contains("kafka_2.13-4.2.1.jar", "kafka-server-4.2.1.jar", "scala-library")
                .doesNotContain("-test.jar", "spring-");
    }
}
