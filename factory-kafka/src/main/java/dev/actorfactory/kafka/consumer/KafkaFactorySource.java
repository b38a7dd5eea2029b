package dev.actorfactory.kafka.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.JobFuture;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.kafka.deadletter.DeadLetterPublisher;
import dev.actorfactory.kafka.offsets.OffsetLedger;
import dev.actorfactory.kafka.offsets.PartitionOffsets;

/**
 * Feeds a factory from Kafka topics: each record becomes a job (record key → job key, value → message), and a
 * partition's offsets are committed only up to its <em>frontier</em> — the offset below which every record has ended
 * (completed, or failed or shed and acknowledged by the dead-letter topic). After any crash only records at or above
 * the frontier are delivered again: at-least-once, with duplicates bounded by the records in flight.
 *
 * <ul>
 *   <li><b>Order.</b> Records are dispatched in offset order from one thread, so under key-ordered routing
 *       ({@code key-persistent}, {@code sticky-queuer}) one key's records run in offset order while other keys of the
 *       same partition run in parallel on other workers: parallelism is bounded by the workers, not the partitions.</li>
 *   <li><b>Backpressure, not shedding.</b> When the records in flight reach the high-water mark, the consumer pauses
 *       its partitions, and resumes them at the low-water mark. A record the factory sheds anyway (a queue limit or
 *       TTL the user configured) goes to the dead-letter topic with the reason.</li>
 *   <li><b>Failures.</b> After the factory's last attempt a record goes to the dead-letter topic with the exception;
 *       until the topic acknowledges it the frontier does not pass it. A record that cannot be deserialized, or has
 *       no key (unless {@code nullKey} maps one), goes there at once. A poison record never stalls the partition:
 *       other keys keep flowing, and only the commit waits.</li>
 *   <li><b>Rebalance.</b> On revocation the source stops taking the revoked partitions' records, lets their jobs end
 *       within the revoke timeout, commits their frontier and releases them; jobs still queued then are withdrawn
 *       (they will be delivered to the new owner).</li>
 *   <li><b>Stop.</b> {@link #stop} stops polling, lets the jobs in flight end within its timeout, commits, withdraws
 *       what is still queued, and closes the consumer.</li>
 * </ul>
 *
 * <p>Threads: the source runs its own poll thread, which alone touches the consumer and the offsets; workers report
 * ends through the {@link OffsetLedger}. {@link #start}, {@link #stop} and {@link #stats} may be called from any
 * thread.
 *
 * @param <K> the job key type
 * @param <V> the message type
 * @param <R> the worker's result type
 */
public final class KafkaFactorySource<K, V, R> {

    private static final Logger log = LoggerFactory.getLogger(KafkaFactorySource.class);

    private final FactoryRef<K, V, R> factory;
    private final Consumer<byte[], byte[]> consumer;
    private final KafkaSourceSettings<K, V> settings;
    private final DeadLetterPublisher deadLetters;
    private final OffsetLedger ledger = new OffsetLedger();
    /** The jobs in flight, per partition, by offset: withdrawn at a revocation or stop. Poll thread only. */
    private final Map<TopicPartition, Map<Long, JobFuture<R>>> jobs = new HashMap<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Thread pollThread;
    private volatile boolean running;
    private volatile Duration stopTimeout = Duration.ZERO;
    private volatile KafkaSourceStats stats = KafkaSourceStats.NOT_STARTED;
    private boolean paused;
    private long lastCommitNanos;
    private final java.util.concurrent.atomic.AtomicLong deadLettered = new java.util.concurrent.atomic.AtomicLong();

    KafkaFactorySource(FactoryRef<K, V, R> factory, Consumer<byte[], byte[]> consumer, KafkaSourceSettings<K, V> settings,
            DeadLetterPublisher deadLetters) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.pollThread = new Thread(this::run, "factory-" + factory.name() + "-kafka");
        this.pollThread.setDaemon(true);
    }

    /**
     * A source feeding {@code factory} from a consumer of raw records ({@code byte[]} key and value; the source
     * deserializes them itself, so a record that cannot be deserialized still reaches the dead-letter topic intact).
     */
    public static <K, V, R> KafkaSourceSettings.Builder<K, V, R> builder(FactoryRef<K, V, R> factory,
            Consumer<byte[], byte[]> consumer) {
        return new KafkaSourceSettings.Builder<>(factory, consumer);
    }

    /** The factory this source feeds. */
    public FactoryRef<K, V, R> factory() {
        return factory;
    }

    /**
     * Subscribes and starts polling.
     *
     * @throws IllegalStateException if started before
     */
    public synchronized void start() {
        if (pollThread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("The Kafka source of factory '" + factory.name() + "' was started before");
        }
        running = true;
        pollThread.start();
    }

    /**
     * Stops polling, lets the records in flight end within {@code timeout}, commits their frontier, withdraws what
     * is still queued (delivered again later) and closes the consumer.
     *
     * @return completes when the consumer is closed
     */
    public CompletableFuture<Void> stop(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        stopTimeout = timeout;
        running = false;
        if (pollThread.getState() == Thread.State.NEW) {
            consumer.close();
            stopped.complete(null);
        } else {
            consumer.wakeup();
        }
        return stopped;
    }

    /** What the source is doing, as of its last poll. */
    public KafkaSourceStats stats() {
        return stats;
    }

    private void run() {
        try {
            consumer.subscribe(settings.topics(), new Rebalance());
            lastCommitNanos = System.nanoTime();
            while (running) {
                applyEnds();
                backpressure();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(settings.pollTimeout());
                } catch (WakeupException wakeup) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    dispatch(record);
                }
                applyEnds();
                if (System.nanoTime() - lastCommitNanos >= settings.commitInterval().toNanos()) {
                    commitAsync();
                }
                publishStats();
            }
            shutdown();
        } catch (Throwable failure) {
            log.error("Factory '{}': Kafka source failed; records in flight stay uncommitted and will be delivered "
                    + "again", factory.name(), failure);
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException ignored) {
                // closing after a failure
            }
            stats = stats.failed(failure.toString());
            stopped.completeExceptionally(failure);
            return;
        }
        stopped.complete(null);
    }

    private void shutdown() {
        try {
            consumer.pause(consumer.assignment());
        } catch (RuntimeException ignored) {
            // not subscribed yet
        }
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        awaitEnds(ledger.partitions(), deadline);
        commitSync(ledger.commitsDue());
        int withdrawn = withdraw(ledger.partitions());
        if (withdrawn > 0 || ledger.inFlight() > 0) {
            log.info("Factory '{}': Kafka source stopped with {} records in flight ({} withdrawn from the queue); "
                    + "they will be delivered again", factory.name(), ledger.inFlight(), withdrawn);
        }
        publishStats();
        consumer.close(Duration.ofSeconds(10));
        stats = stats.stopped();
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long generation = ledger.received(partition, record.offset());
        OffsetLedger.End end = new OffsetLedger.End(partition, generation, record.offset());
        K key;
        V value;
        try {
            key = settings.keyDeserializer().deserialize(record.topic(), record.headers(), record.key());
            value = settings.valueDeserializer().deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException undeserializable) {
            deadLetter(record, undeserializable, 0, "deserialization", end);
            return;
        }
        if (key == null) {
            Function<TopicPartition, K> nullKey = settings.nullKey();
            if (nullKey == null) {
                deadLetter(record, new IllegalArgumentException("the record has no key (configure nullKey to give "
                        + "keyless records one)"), 0, "null-key", end);
                return;
            }
            key = nullKey.apply(partition);
        }
        if (value == null) {
            deadLetter(record, new IllegalArgumentException("the record has no value (a tombstone)"), 0,
                    "null-value", end);
            return;
        }
        JobOptions options = JobOptions.defaults().withHeader("kafka.topic", record.topic())
                .withHeader("kafka.partition", Integer.toString(record.partition()))
                .withHeader("kafka.offset", Long.toString(record.offset()));
        for (String name : settings.forwardedHeaders()) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                options = options.withHeader(name, new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        JobFuture<R> job;
        try {
            job = factory.call(key, value, options);
        } catch (RuntimeException refused) {
            deadLetter(record, refused, 0, "refused", end);
            return;
        }
        jobs.computeIfAbsent(partition, ignored -> new HashMap<>()).put(record.offset(), job);
        job.whenComplete((result, error) -> ended(record, end, error));
    }

    /** A job ended (on a worker thread, or here if it ended at once). */
    private void ended(ConsumerRecord<byte[], byte[]> record, OffsetLedger.End end, @Nullable Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            ledger.reportEnd(end);
        } else if (cause instanceof CancellationException) {
            // withdrawn by this source at a revocation or stop: not ended, delivered again to the next owner
        } else if (cause instanceof JobDiscardedException discarded) {
            DiscardReason reason = discarded.reason();
            if (reason == DiscardReason.SHUTDOWN || reason == DiscardReason.CANCELLED) {
                // the factory is stopping, or the job was withdrawn: not ended, delivered again
                return;
            }
            deadLetter(record, discarded, 0, reason.tagValue(), end);
        } else {
            deadLetter(record, cause, settings.attemptsOf(cause), "failed", end);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable error, int attempts, String reason,
            OffsetLedger.End end) {
        deadLetters.publish(record, error, attempts, reason, () -> {
            deadLettered.incrementAndGet();
            ledger.reportEnd(end);
        });
    }

    private void applyEnds() {
        ledger.applyEnds(end -> {
            Map<Long, JobFuture<R>> partitionJobs = jobs.get(end.partition());
            if (partitionJobs != null) {
                partitionJobs.remove(end.offset());
            }
        });
    }

    private void backpressure() {
        int inFlight = ledger.inFlight();
        if (!paused && inFlight >= settings.highWater()) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && inFlight <= settings.lowWater()) {
            consumer.resume(consumer.assignment());
            paused = false;
        } else if (paused) {
            // partitions assigned while paused start paused too
            consumer.pause(consumer.assignment());
        }
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> due = ledger.commitsDue();
        lastCommitNanos = System.nanoTime();
        if (due.isEmpty()) {
            return;
        }
        consumer.commitAsync(due, (offsets, failure) -> {
            if (failure == null) {
                ledger.committed(offsets);
            } else {
                log.debug("Factory '{}': commit of {} failed; the next one retries", factory.name(), offsets, failure);
            }
        });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> due) {
        if (due.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(due, Duration.ofSeconds(10));
            ledger.committed(due);
        } catch (RuntimeException failure) {
            log.warn("Factory '{}': commit of {} failed; those records will be delivered again", factory.name(),
                    due, failure);
        }
    }

    /** Waits (applying ends) until {@code partitions} have nothing in flight, or the deadline passes. */
    private void awaitEnds(Collection<TopicPartition> partitions, long deadline) {
        while (inFlight(partitions) > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            applyEnds();
        }
    }

    private int inFlight(Collection<TopicPartition> partitions) {
        int inFlight = 0;
        for (TopicPartition partition : partitions) {
            PartitionOffsets offsets = ledger.offsets(partition);
            inFlight += offsets == null ? 0 : offsets.inFlight();
        }
        return inFlight;
    }

    /** Withdraws the jobs of {@code partitions} still queued; they will be delivered again. */
    private int withdraw(Collection<TopicPartition> partitions) {
        int withdrawn = 0;
        for (TopicPartition partition : List.copyOf(partitions)) {
            Map<Long, JobFuture<R>> partitionJobs = jobs.remove(partition);
            if (partitionJobs != null) {
                for (JobFuture<R> job : partitionJobs.values()) {
                    if (job.cancel(false)) {
                        withdrawn++;
                    }
                }
            }
        }
        return withdrawn;
    }

    private void publishStats() {
        List<KafkaSourceStats.PartitionStats> partitions = new ArrayList<>();
        for (TopicPartition partition : ledger.partitions()) {
            PartitionOffsets offsets = ledger.offsets(partition);
            OptionalLong lag = consumer.currentLag(partition);
            partitions.add(new KafkaSourceStats.PartitionStats(partition.topic(), partition.partition(),
                    offsets.committed(), offsets.frontier(), offsets.highestReceived(), offsets.inFlight(),
                    lag.isPresent() ? lag.getAsLong() : -1));
        }
        stats = new KafkaSourceStats(running ? "running" : "stopping", paused, System.nanoTime(), ledger.inFlight(),
                deadLettered.get(), partitions, null);
    }

    /** Tracks assignments; on revocation lets the partition's jobs end, commits, then releases it. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                ledger.assign(partition, consumer.position(partition));
            }
            if (paused) {
                consumer.pause(partitions);
            }
            log.info("Factory '{}': assigned {}", factory.name(), partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            awaitEnds(partitions, System.nanoTime() + settings.revokeTimeout().toNanos());
            Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>(ledger.commitsDue());
            due.keySet().retainAll(Set.copyOf(partitions));
            commitSync(due);
            int withdrawn = withdraw(partitions);
            int left = inFlight(partitions);
            for (TopicPartition partition : partitions) {
                ledger.revoke(partition);
            }
            log.info("Factory '{}': revoked {} ({} still running, {} withdrawn from the queue: delivered again to "
                    + "the next owner)", factory.name(), partitions, left - withdrawn, withdrawn);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            int withdrawn = withdraw(partitions);
            for (TopicPartition partition : partitions) {
                ledger.revoke(partition);
            }
            log.warn("Factory '{}': lost {} without a chance to commit ({} queued jobs withdrawn); their records "
                    + "will be delivered again", factory.name(), partitions, withdrawn);
        }
    }
}
