package dev.actorfactory.factory.job;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A unit of work handed to a factory: a key (used for routing, ordering and statistics), a message (handed to the
 * worker as is, never copied), and options. The factory records when it accepted, routed, started and finished
 * the job, and how many times it has been attempted.
 *
 * <p>Threads: a job is owned by one party at a time (its queue, then its worker); workers and discard handlers
 * may read it freely from the thread they are called on. Timestamps are {@link System#nanoTime()} values, 0 until
 * the event happened — and 0 throughout in a factory that records no timings: a factory reads the clock for its
 * jobs only when something needs the times (a stats listener, a dead man's switch, a job interceptor, or
 * {@code Factory.Builder.recordTimings(true)}; a job with a time-to-live always records its acceptance).
 *
 * @param <K> the key type
 * @param <M> the message type
 */
public interface Job<K, M> {

    /**
     * The job's id: positive and unique among the jobs of its factory (a retry keeps its job's id), assigned when
     * the job is submitted, and returned by {@code dispatch} ({@link dev.actorfactory.factory.DispatchResult#jobId()})
     * and {@code call} ({@link dev.actorfactory.factory.JobFuture#jobId()}). Ids are not ordered: jobs submitted
     * by different threads are numbered independently. Costs nothing: it is the factory's submission count.
     */
    long id();

    /** The routing key. */
    K key();

    /** The payload. */
    M message();

    /** The options the job was submitted with (unset values fall back to the factory's defaults). */
    JobOptions options();

    /** The job's metadata, from {@link JobOptions#headers()}: never {@code null}, unmodifiable. */
    default java.util.Map<String, String> headers() {
        return options().headers();
    }

    /** The priority level the job is queued at (0 = lowest). */
    int priority();

    /** 1 for the first attempt, 2 for the first retry, and so on. */
    int attempt();

    /** When the factory accepted the job ({@link System#nanoTime()}), or 0 if it records no timings. */
    long acceptedAtNanos();

    /** When the job was assigned to a worker, or 0. */
    long routedAtNanos();

    /** When the current attempt started running, or 0. */
    long startedAtNanos();

    /** When the job finished, or 0. */
    long finishedAtNanos();

    /**
     * Time spent queued before the current attempt started, or {@code null} if it has not started or the factory
     * records no timings.
     */
    default @Nullable Duration queueTime() {
        return startedAtNanos() == 0 || acceptedAtNanos() == 0 ? null
                : Duration.ofNanos(startedAtNanos() - acceptedAtNanos());
    }
}
