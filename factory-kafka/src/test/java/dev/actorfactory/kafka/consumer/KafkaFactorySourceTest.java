package dev.actorfactory.kafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.kafka.deadletter.DeadLetterHeaders;
import dev.actorfactory.kafka.deadletter.DeadLetterPublisher;
import dev.actorfactory.kafka.testing.EmbeddedBroker;
import dev.actorfactory.kafka.testing.TestClients;

/** A factory fed by a real (embedded KRaft) broker: order, frontier commits, dead letters, backpressure, stop. */
class KafkaFactorySourceTest {

    private static EmbeddedBroker broker;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;
    private static final AtomicInteger topics = new AtomicInteger();

    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(1);
        admin = TestClients.admin(broker.bootstrapServers());
        producer = TestClients.producer(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        admin.close();
        broker.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    /** A new topic (and its dead-letter topic) with {@code partitions} partitions. */
    private static String topic(int partitions) throws Exception {
        String topic = "orders-" + topics.incrementAndGet();
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1),
                new NewTopic(DeadLetterPublisher.defaultTopic(topic), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return topic;
    }

    private KafkaConsumer<byte[], byte[]> rawConsumer(String group, int maxPollRecords) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        return new KafkaConsumer<>(props);
    }

    private DeadLetterPublisher deadLetters(String factory, String group) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<byte[], byte[]> dltProducer = new KafkaProducer<>(props);
        DeadLetterPublisher publisher = new DeadLetterPublisher(dltProducer, DeadLetterPublisher::defaultTopic,
                factory, group);
        closing.add(dltProducer);
        closing.add(publisher);
        return publisher;
    }

    private <R> Factory<String, String, R> factory(String name, int workers,
            dev.actorfactory.factory.worker.Worker<String, String, R> worker, RetryPolicy retry) {
        return factory(name, workers, worker, retry, RoutingMode.KEY_PERSISTENT);
    }

    private <R> Factory<String, String, R> factory(String name, int workers,
            dev.actorfactory.factory.worker.Worker<String, String, R> worker, RetryPolicy retry, RoutingMode routing) {
        Factory<String, String, R> factory = Factory.<String, String, R>builder(name)
                .workerBuilder(id -> worker).workers(workers).routing(routing)
                .retryPolicy(retry).build().start();
        closing.add(() -> factory.stop().join());
        return factory;
    }

    private static long committed(String group, TopicPartition partition) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata offset = offsets.get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private static void send(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void oneKeysRecordsRunInOffsetOrderWhileKeysOfOnePartitionRunInParallel() throws Exception {
        String topic = topic(1);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Factory<String, String, String> factory = factory("ordered", 8, job -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1); // work: lets several keys overlap
                seen.computeIfAbsent(job.key(), k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(job.message()));
                return job.message();
            } finally {
                running.decrementAndGet();
            }
        }, RetryPolicy.none());
        int records = 2000;
        TestClients.produce(producer, topic, records, 100);
        KafkaFactorySource<String, String, String> source = KafkaFactorySource.builder(factory,
                rawConsumer("ordered", 500)).topics(List.of(topic))
                .deserializers(new StringDeserializer(), new StringDeserializer())
                .deadLetters(deadLetters("ordered", "ordered")).commitInterval(Duration.ofMillis(100)).build();
        source.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> seen.values().stream().mapToInt(List::size).sum() == records);
        source.stop(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);

        assertThat(seen).hasSize(100);
        seen.forEach((key, values) -> assertThat(values).as(key).isSorted().doesNotHaveDuplicates().hasSize(20));
        assertThat(mostAtOnce.get()).as("keys of one partition ran in parallel").isGreaterThan(1);
        assertThat(committed("ordered", new TopicPartition(topic, 0))).isEqualTo(records);
        assertThat(source.stats().state()).isEqualTo("stopped");
    }

    @Test
    void theCommittedOffsetIsTheFrontierNotTheHighestCompletedRecord() throws Exception {
        String topic = topic(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> done = ConcurrentHashMap.newKeySet();
        Factory<String, String, String> factory = factory("frontier", 4, job -> {
            if (job.key().equals("slow")) {
                release.await(30, TimeUnit.SECONDS);
            }
            done.add(job.message());
            return job.message();
        }, RetryPolicy.none(), RoutingMode.QUEUER); // (the slow job holds one worker; any other takes the rest)
        send(topic, "slow", "0");
        for (int i = 1; i <= 20; i++) {
            send(topic, "fast-" + i, Integer.toString(i));
        }
        KafkaFactorySource<String, String, String> source = KafkaFactorySource.builder(factory,
                rawConsumer("frontier", 500)).topics(List.of(topic))
                .deserializers(new StringDeserializer(), new StringDeserializer())
                .deadLetters(deadLetters("frontier", "frontier")).commitInterval(Duration.ofMillis(50)).build();
        source.start();
        TopicPartition partition = new TopicPartition(topic, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> source.stats().partitions().size() == 1);
        // records 1..20 completed out of order with record 0: nothing may be committed past record 0
        assertThat(source.stats().partitions().get(0).frontier()).isZero();
        assertThat(source.stats().partitions().get(0).inFlight()).isEqualTo(1);
        assertThat(committed("frontier", partition)).isLessThanOrEqualTo(0);

        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> committed("frontier", partition) == 21);
        source.stop(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsStoryWhileOtherKeysFlow() throws Exception {
        String topic = topic(1);
        Set<String> done = ConcurrentHashMap.newKeySet();
        AtomicInteger poisonAttempts = new AtomicInteger();
        Factory<String, String, String> factory = factory("poison", 2, job -> {
            if (job.message().equals("poison")) {
                poisonAttempts.incrementAndGet();
                throw new IllegalStateException("cannot digest " + job.key());
            }
            done.add(job.message());
            return job.message();
        }, RetryPolicy.times(2));
        send(topic, "a", "1");
        send(topic, "bad", "poison");
        send(topic, "b", "2");
        producer.send(new ProducerRecord<>(topic, "c", null)).get(10, TimeUnit.SECONDS); // a tombstone
        send(topic, "d", "3");
        KafkaFactorySource<String, String, String> source = KafkaFactorySource.builder(factory,
                rawConsumer("poison", 500)).topics(List.of(topic))
                .deserializers(new StringDeserializer(), new StringDeserializer())
                .deadLetters(deadLetters("poison", "poison-group")).commitInterval(Duration.ofMillis(50)).build();
        source.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> done.containsAll(List.of("1", "2", "3")));
        await().atMost(Duration.ofSeconds(30)).until(() -> committed("poison", new TopicPartition(topic, 0)) == 5);
        source.stop(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);

        assertThat(poisonAttempts.get()).as("the factory's retry policy applied first").isEqualTo(3);
        List<ConsumerRecord<String, String>> letters = deadLettersOf(topic, 2);
        ConsumerRecord<String, String> poison = letters.stream().filter(r -> "bad".equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(poison.value()).isEqualTo("poison");
        assertThat(header(poison, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(poison, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("cannot digest bad");
        assertThat(header(poison, DeadLetterHeaders.EXCEPTION_STACKTRACE)).contains("IllegalStateException");
        assertThat(header(poison, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(topic);
        assertThat(ByteBuffer.wrap(poison.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value()).getLong())
                .isEqualTo(1);
        assertThat(header(poison, DeadLetterHeaders.REASON)).isEqualTo("failed");
        assertThat(header(poison, DeadLetterHeaders.FACTORY)).isEqualTo("poison");
        assertThat(header(poison, DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP)).isEqualTo("poison-group");
        ConsumerRecord<String, String> tombstone = letters.stream().filter(r -> "c".equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(header(tombstone, DeadLetterHeaders.REASON)).isEqualTo("null-value");
    }

    @Test
    void aRecordThatCannotBeDeserializedGoesToTheDeadLetterTopicIntact() throws Exception {
        String topic = topic(1);
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Factory<String, Integer, Integer> factory = Factory.<String, Integer, Integer>builder("numbers")
                .workerBuilder(id -> job -> {
                    done.add(job.message());
                    return job.message();
                }).workers(2).build().start();
        closing.add(() -> factory.stop().join());
        send(topic, "a", "1");
        send(topic, "b", "not a number");
        send(topic, "c", "3");
        Deserializer<Integer> numbers = (t, data) -> Integer.valueOf(new String(data, StandardCharsets.UTF_8));
        KafkaFactorySource<String, Integer, Integer> source = KafkaFactorySource.builder(factory,
                rawConsumer("numbers", 500)).topics(List.of(topic)).deserializers(new StringDeserializer(), numbers)
                .deadLetters(deadLetters("numbers", "numbers")).commitInterval(Duration.ofMillis(50)).build();
        source.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> done.containsAll(List.of(1, 3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> committed("numbers", new TopicPartition(topic, 0)) == 3);
        source.stop(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        ConsumerRecord<String, String> letter = deadLettersOf(topic, 1).get(0);
        assertThat(letter.key()).isEqualTo("b");
        assertThat(letter.value()).isEqualTo("not a number");
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("deserialization");
        assertThat(header(letter, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(NumberFormatException.class.getName());
        assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
    }

    @Test
    void theConsumerPausesAtTheHighWaterMarkInsteadOfSheddingAndResumesAtTheLowOne() throws Exception {
        String topic = topic(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        Factory<String, String, String> factory = factory("backpressure", 2, job -> {
            release.await(30, TimeUnit.SECONDS);
            done.incrementAndGet();
            return job.message();
        }, RetryPolicy.none());
        TestClients.produce(producer, topic, 300, 300);
        KafkaFactorySource<String, String, String> source = KafkaFactorySource.builder(factory,
                rawConsumer("backpressure", 10)).topics(List.of(topic))
                .deserializers(new StringDeserializer(), new StringDeserializer()).waterMarks(50, 20)
                .deadLetters(deadLetters("backpressure", "backpressure")).build();
        source.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> source.stats().paused());
        int inFlight = source.stats().inFlight();
        assertThat(inFlight).as("paused at the high-water mark, at most one poll beyond it").isBetween(50, 60);
        assertThat(factory.stats().discarded()).as("nothing shed").isZero();
        release.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == 300);
        await().atMost(Duration.ofSeconds(30)).until(() -> !source.stats().paused());
        source.stop(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        assertThat(committed("backpressure", new TopicPartition(topic, 0))).isEqualTo(300);
    }

    @Test
    void aStoppedSourceCommitsItsFrontierAndTheNextOneStartsThere() throws Exception {
        String topic = topic(2);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch firstHalf = new CountDownLatch(500);
        Factory<String, String, String> first = factory("first", 4, job -> {
            runs.computeIfAbsent(job.message(), m -> new AtomicInteger()).incrementAndGet();
            firstHalf.countDown();
            return job.message();
        }, RetryPolicy.none());
        TestClients.produce(producer, topic, 1000, 50);
        KafkaFactorySource<String, String, String> one = KafkaFactorySource.builder(first,
                rawConsumer("handover", 100)).topics(List.of(topic))
                .deserializers(new StringDeserializer(), new StringDeserializer())
                .deadLetters(deadLetters("first", "handover")).build();
        one.start();
        assertThat(firstHalf.await(30, TimeUnit.SECONDS)).isTrue();
        one.stop(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
        int processedByFirst = runs.size();

        Factory<String, String, String> second = factory("second", 4, job -> {
            runs.computeIfAbsent(job.message(), m -> new AtomicInteger()).incrementAndGet();
            return job.message();
        }, RetryPolicy.none());
        KafkaFactorySource<String, String, String> two = KafkaFactorySource.builder(second,
                rawConsumer("handover", 100)).topics(List.of(topic))
                .deserializers(new StringDeserializer(), new StringDeserializer())
                .deadLetters(deadLetters("second", "handover")).build();
        two.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() == 1000);
        two.stop(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);

        assertThat(runs.values()).as("a stop that let its jobs end and committed: no record runs twice")
                .allMatch(count -> count.get() == 1);
        assertThat(processedByFirst).isBetween(500, 1000);
    }

    @Test
    void aDurablyDispatchedJobIsAcknowledgedByTheBrokerAndRunByTheSource() throws Exception {
        String topic = topic(2);
        Set<String> done = ConcurrentHashMap.newKeySet();
        Factory<String, String, String> factory = factory("durable", 2, job -> {
            done.add(job.key() + "=" + job.message() + "/" + job.headers().get("tenant"));
            return job.message();
        }, RetryPolicy.none());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(props);
        closing.add(raw);
        dev.actorfactory.kafka.producer.DurableDispatcher<String, String> dispatcher =
                new dev.actorfactory.kafka.producer.DurableDispatcher<>(raw, topic,
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer());
        var acknowledged = dispatcher.dispatch("customer-1", "order-7", Map.of("tenant", "acme"))
                .get(30, TimeUnit.SECONDS);
        assertThat(acknowledged.topic()).isEqualTo(topic);
        assertThat(acknowledged.offset()).isZero();

        KafkaFactorySource<String, String, String> source = KafkaFactorySource.builder(factory,
                rawConsumer("durable", 100)).topics(List.of(topic))
                .deserializers(new StringDeserializer(), new StringDeserializer()).forwardHeaders(List.of("tenant"))
                .deadLetters(deadLetters("durable", "durable")).build();
        source.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> done.contains("customer-1=order-7/acme"));
        source.stop(Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dispatcher.dispatch(null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<String, String>> deadLettersOf(String topic, int count) {
        try (KafkaConsumer<String, String> reader = TestClients.consumer(broker.bootstrapServers(),
                "dlt-reader-" + topic, Map.of())) {
            reader.subscribe(List.of(DeadLetterPublisher.defaultTopic(topic)));
            List<ConsumerRecord<String, String>> letters = TestClients.consume(reader, count, Duration.ofSeconds(30));
            assertThat(letters).hasSize(count);
            return letters;
        }
    }
}
