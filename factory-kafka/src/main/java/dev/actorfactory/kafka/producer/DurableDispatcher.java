package dev.actorfactory.kafka.producer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Submits work durably to a Kafka-fed factory: the job is produced to the factory's topic (key → record key, so one
 * key's jobs land on one partition, in order), and the returned future completes when the broker has acknowledged
 * it — with the producer's {@code acks=all}, accepted work then survives a crash of this process. The factory's
 * {@code KafkaFactorySource} (here or on another instance) runs it. Requests that need a reply stay on
 * {@code FactoryRef.call}.
 *
 * <p>Threads: any thread (the producer is thread-safe); the future completes on the producer's I/O thread.
 *
 * @param <K> the job key type
 * @param <M> the message type
 */
public final class DurableDispatcher<K, M> {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Serializer<K> keys;
    private final Serializer<M> messages;

    /**
     * A dispatcher to {@code topic} through {@code producer} (raw bytes; this class serializes with {@code keys} and
     * {@code messages}, which should match the source's deserializers).
     */
    public DurableDispatcher(Producer<byte[], byte[]> producer, String topic, Serializer<K> keys,
            Serializer<M> messages) {
        this.producer = Objects.requireNonNull(producer, "producer");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must name a topic, was '" + topic + "'");
        }
        this.topic = topic;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.messages = Objects.requireNonNull(messages, "messages");
    }

    /** The topic jobs go to. */
    public String topic() {
        return topic;
    }

    /** Produces a job; the future completes with its position once the broker has it, or fails with why not. */
    public CompletableFuture<RecordMetadata> dispatch(K key, M message) {
        return dispatch(key, message, Map.of());
    }

    /**
     * Produces a job with headers (UTF-8; the source can forward them into the job's headers).
     *
     * @throws IllegalArgumentException if the key or message is null
     */
    public CompletableFuture<RecordMetadata> dispatch(K key, M message, Map<String, String> headers) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, keys.serialize(topic, key),
                messages.serialize(topic, message));
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete(metadata);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException refused) { // e.g. a serialization or buffer timeout before the send
            acknowledged.completeExceptionally(refused);
        }
        return acknowledged;
    }
}
