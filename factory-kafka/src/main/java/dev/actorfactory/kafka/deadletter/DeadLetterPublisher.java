package dev.actorfactory.kafka.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records a factory could not process to a dead-letter topic ({@code <topic>.DLT} unless told otherwise), with
 * the original key, value and headers and the {@link DeadLetterHeaders}, and reports the broker's acknowledgement.
 * A send that fails is retried with a growing delay (up to 30 s) until it succeeds or the publisher closes — the
 * record is not acknowledged meanwhile, so its offset is never committed past: nothing is lost.
 *
 * <p>Threads: {@link #publish} may be called from any thread; acknowledgements run on the producer's I/O thread or
 * the publisher's retry thread.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final int MAX_STACK_TRACE = 16 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final Function<String, String> topicFor;
    private final String factory;
    private final @Nullable String group;
    private final ScheduledExecutorService retries;
    private volatile boolean closed;

    /**
     * A publisher through {@code producer} to the topic {@code topicFor} gives for each original topic.
     *
     * @param factory the factory's name, for the headers
     * @param group   the consumer group, for the headers, or {@code null}
     */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, Function<String, String> topicFor, String factory,
            @Nullable String group) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topicFor = Objects.requireNonNull(topicFor, "topicFor");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.group = group;
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "factory-" + factory + "-dlt-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The default dead-letter topic of {@code topic}: {@code <topic>.DLT}. */
    public static String defaultTopic(String topic) {
        return topic + ".DLT";
    }

    /**
     * Sends {@code record} to its dead-letter topic; {@code acknowledged} runs once the broker has it.
     *
     * @param error    why it failed, or {@code null} (a discard)
     * @param attempts attempts the factory made
     * @param reason   a {@link DeadLetterHeaders#REASON} value
     */
    public void publish(ConsumerRecord<byte[], byte[]> record, @Nullable Throwable error, int attempts, String reason,
            Runnable acknowledged) {
        ProducerRecord<byte[], byte[]> letter = letter(record, error, attempts, reason);
        send(letter, acknowledged, Duration.ofMillis(100));
    }

    private void send(ProducerRecord<byte[], byte[]> letter, Runnable acknowledged, Duration nextDelay) {
        if (closed) {
            log.warn("Factory '{}': dead-letter publisher closed; {}-{}@{} stays uncommitted and will be delivered "
                    + "again", factory, letter.topic(), header(letter.headers(), DeadLetterHeaders.ORIGINAL_PARTITION),
                    header(letter.headers(), DeadLetterHeaders.ORIGINAL_OFFSET));
            return;
        }
        try {
            producer.send(letter, (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.run();
                } else {
                    retryLater(letter, acknowledged, nextDelay, failure);
                }
            });
        } catch (RuntimeException failure) {
            retryLater(letter, acknowledged, nextDelay, failure);
        }
    }

    private void retryLater(ProducerRecord<byte[], byte[]> letter, Runnable acknowledged, Duration delay,
            Throwable failure) {
        if (closed) {
            return;
        }
        log.warn("Factory '{}': sending to dead-letter topic '{}' failed ({}); retrying in {} ms", factory,
                letter.topic(), failure.toString(), delay.toMillis());
        Duration next = delay.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : delay.multipliedBy(2);
        try {
            retries.schedule(() -> send(letter, acknowledged, next), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile: the record stays uncommitted
        }
    }

    ProducerRecord<byte[], byte[]> letter(ConsumerRecord<byte[], byte[]> record, @Nullable Throwable error,
            int attempts, String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topicFor.apply(record.topic()), null,
                record.key(), record.value());
        Headers headers = letter.headers();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        if (error != null) {
            headers.add(DeadLetterHeaders.EXCEPTION_FQCN, utf8(error.getClass().getName()));
            if (error.getMessage() != null) {
                headers.add(DeadLetterHeaders.EXCEPTION_MESSAGE, utf8(error.getMessage()));
            }
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            String text = trace.toString();
            headers.add(DeadLetterHeaders.EXCEPTION_STACKTRACE,
                    utf8(text.length() > MAX_STACK_TRACE ? text.substring(0, MAX_STACK_TRACE) : text));
        }
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array());
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array());
        headers.add(DeadLetterHeaders.ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
        if (group != null) {
            headers.add(DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP, utf8(group));
        }
        headers.add(DeadLetterHeaders.ATTEMPTS, utf8(Integer.toString(attempts)));
        headers.add(DeadLetterHeaders.FACTORY, utf8(factory));
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        return letter;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null) {
            return "?";
        }
        byte[] value = header.value();
        return value.length == 4 ? Integer.toString(ByteBuffer.wrap(value).getInt())
                : value.length == 8 ? Long.toString(ByteBuffer.wrap(value).getLong()) : "?";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Stops retrying; records not acknowledged stay uncommitted. Does not close the producer. */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
    }
}
