package dev.actorfactory.kafka.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.kafka.deadletter.DeadLetterPublisher;

/**
 * The settings of a {@link KafkaFactorySource}, validated by its {@link Builder}.
 *
 * @param topics            the topics to subscribe to
 * @param keyDeserializer   turns a record's key into the job's key
 * @param valueDeserializer turns a record's value into the job's message
 * @param nullKey           the job key of a record without a key, by partition; {@code null}: such records go to the
 *                          dead-letter topic
 * @param highWater         records in flight at which the consumer pauses its partitions
 * @param lowWater          records in flight at which it resumes them
 * @param commitInterval    how often the frontiers are committed
 * @param pollTimeout       the longest one poll waits for records
 * @param revokeTimeout     how long a revocation waits for the revoked partitions' jobs to end before it commits
 * @param forwardedHeaders  record headers copied into the job's headers (UTF-8)
 * @param attemptsOf        the attempts the factory made, from the error a job failed with (for the dead-letter
 *                          headers)
 * @param <K>               the job key type
 * @param <V>               the message type
 */
public record KafkaSourceSettings<K, V>(List<String> topics, Deserializer<K> keyDeserializer,
        Deserializer<V> valueDeserializer, @Nullable Function<TopicPartition, K> nullKey, int highWater, int lowWater,
        Duration commitInterval, Duration pollTimeout, Duration revokeTimeout, Set<String> forwardedHeaders,
        ToIntFunction<Throwable> attemptsOf) {

    /** How many records may be in flight by default before the consumer pauses. */
    public static final int DEFAULT_HIGH_WATER = 1000;

    /**
     * Attempts from an error: unknown here (the factory retried by its policy), so 0 unless the caller says more.
     *
     * @param error what the job failed with
     * @return the attempts made, or 0 when unknown
     */
    int attemptsOf(Throwable error) {
        return attemptsOf.applyAsInt(error);
    }

    /**
     * Builds a {@link KafkaFactorySource}.
     *
     * @param <K> the job key type
     * @param <V> the message type
     * @param <R> the worker's result type
     */
    public static final class Builder<K, V, R> {
        private final FactoryRef<K, V, R> factory;
        private final Consumer<byte[], byte[]> consumer;
        private List<String> topics = List.of();
        private @Nullable Deserializer<K> keyDeserializer;
        private @Nullable Deserializer<V> valueDeserializer;
        private @Nullable Function<TopicPartition, K> nullKey;
        private int highWater = DEFAULT_HIGH_WATER;
        private int lowWater = -1;
        private Duration commitInterval = Duration.ofSeconds(1);
        private Duration pollTimeout = Duration.ofMillis(100);
        private Duration revokeTimeout = Duration.ofSeconds(10);
        private Set<String> forwardedHeaders = Set.of();
        private ToIntFunction<Throwable> attemptsOf = error -> 0;
        private @Nullable DeadLetterPublisher deadLetters;

        Builder(FactoryRef<K, V, R> factory, Consumer<byte[], byte[]> consumer) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.consumer = Objects.requireNonNull(consumer, "consumer");
        }

        /** The topics to subscribe to (at least one). */
        public Builder<K, V, R> topics(Collection<String> topics) {
            if (topics == null || topics.isEmpty() || topics.stream().anyMatch(t -> t == null || t.isBlank())) {
                throw new IllegalArgumentException("topics must name at least one topic, none blank, was " + topics);
            }
            this.topics = List.copyOf(topics);
            return this;
        }

        /** How keys and values are deserialized. */
        public Builder<K, V, R> deserializers(Deserializer<K> keys, Deserializer<V> values) {
            this.keyDeserializer = Objects.requireNonNull(keys, "keys");
            this.valueDeserializer = Objects.requireNonNull(values, "values");
            return this;
        }

        /** The job key of records without a key, by partition (default: such records are dead-lettered). */
        public Builder<K, V, R> nullKey(Function<TopicPartition, K> nullKey) {
            this.nullKey = Objects.requireNonNull(nullKey, "nullKey");
            return this;
        }

        /**
         * Records in flight at which the consumer pauses ({@code highWater}) and resumes ({@code lowWater}).
         *
         * @throws IllegalArgumentException unless {@code 0 <= lowWater < highWater}
         */
        public Builder<K, V, R> waterMarks(int highWater, int lowWater) {
            if (highWater < 1 || lowWater < 0 || lowWater >= highWater) {
                throw new IllegalArgumentException("waterMarks need 0 <= lowWater < highWater, was highWater "
                        + highWater + ", lowWater " + lowWater);
            }
            this.highWater = highWater;
            this.lowWater = lowWater;
            return this;
        }

        /** How often frontiers are committed (positive; default 1 s). */
        public Builder<K, V, R> commitInterval(Duration interval) {
            this.commitInterval = positive(interval, "commitInterval");
            return this;
        }

        /** The longest one poll waits (positive; default 100 ms). */
        public Builder<K, V, R> pollTimeout(Duration timeout) {
            this.pollTimeout = positive(timeout, "pollTimeout");
            return this;
        }

        /** How long a revocation waits for the revoked partitions' jobs (not negative; default 10 s). */
        public Builder<K, V, R> revokeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "revokeTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("revokeTimeout must not be negative, was " + timeout);
            }
            this.revokeTimeout = timeout;
            return this;
        }

        /** Record headers copied into each job's headers. */
        public Builder<K, V, R> forwardHeaders(Collection<String> names) {
            this.forwardedHeaders = Set.copyOf(names);
            return this;
        }

        /** Where failed and shed records go (required). */
        public Builder<K, V, R> deadLetters(DeadLetterPublisher deadLetters) {
            this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
            return this;
        }

        /** How many attempts an error stands for, for the dead-letter headers (default: unknown, 0). */
        public Builder<K, V, R> attemptsOf(ToIntFunction<Throwable> attemptsOf) {
            this.attemptsOf = Objects.requireNonNull(attemptsOf, "attemptsOf");
            return this;
        }

        /**
         * The source (not started).
         *
         * @throws IllegalStateException if topics, deserializers or the dead-letter publisher are missing
         */
        public KafkaFactorySource<K, V, R> build() {
            if (topics.isEmpty()) {
                throw new IllegalStateException("topics are required");
            }
            if (keyDeserializer == null || valueDeserializer == null) {
                throw new IllegalStateException("deserializers are required");
            }
            if (deadLetters == null) {
                throw new IllegalStateException("deadLetters is required: failed and shed records go there");
            }
            int low = lowWater < 0 ? highWater / 2 : lowWater;
            return new KafkaFactorySource<>(factory, consumer, new KafkaSourceSettings<>(topics, keyDeserializer,
                    valueDeserializer, nullKey, highWater, low, commitInterval, pollTimeout, revokeTimeout,
                    forwardedHeaders, attemptsOf), deadLetters);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
