package dev.actorfactory.kafka.deadletter;

/**
 * The headers of a record sent to a dead-letter topic. The names and encodings of the original record's coordinates
 * and of the exception are Spring Kafka's ({@code DeadLetterPublishingRecoverer}), so tools that read its
 * dead-letter topics read these too; the {@code factory_dlt-*} headers are this library's.
 */
public final class DeadLetterHeaders {

    /** The exception's class name (UTF-8). */
    public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    /** The exception's message (UTF-8; absent when it has none). */
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    /** The exception's stack trace (UTF-8). */
    public static final String EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";
    /** The original topic (UTF-8). */
    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    /** The original partition (4-byte big-endian int). */
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    /** The original offset (8-byte big-endian long). */
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    /** The original record's timestamp (8-byte big-endian long, epoch milliseconds). */
    public static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    /** The consumer group that dead-lettered it (UTF-8). */
    public static final String ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
    /** The attempts the factory made (UTF-8 decimal; 0 when the record never reached a worker). */
    public static final String ATTEMPTS = "factory_dlt-attempts";
    /** The factory's name (UTF-8). */
    public static final String FACTORY = "factory_dlt-factory";
    /**
     * Why the record is here (UTF-8): {@code failed} (the worker failed on the last attempt), a discard reason such as
     * {@code load-shed} or {@code ttl-expired}, {@code deserialization} or {@code null-key}.
     */
    public static final String REASON = "factory_dlt-reason";

    private DeadLetterHeaders() {
    }
}
