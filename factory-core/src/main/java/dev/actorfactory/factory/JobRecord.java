package dev.actorfactory.factory;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.internal.MpscNode;

/**
 * The factory's record of one attempt of a job: the public {@link Job} view plus the engine's bookkeeping. A retry
 * is a new record ({@link #nextAttempt()}) sharing the job's key, message, options and reply, so a killed attempt
 * still running on its old thread keeps seeing its own attempt number and timestamps, never its retry's.
 *
 * <p>Threads: owned by one party at a time — the submitter, then the queue's lock holder, then the runner that
 * took it (or whoever abandoned that run: see {@link RunState}). Ownership passes under a lock or by an atomic
 * transition of the slot's {@link RunState}, which orders every write before the next owner's reads.
 *
 * <p>It is an {@link MpscNode}, so an inbox queues it without allocating anything.
 */
final class JobRecord<K, M, R> extends MpscNode implements Job<K, M> {

    final long id;
    final K key;
    final M message;
    final JobOptions options;
    final int priority;
    final int bucket;
    /** When it was accepted (or, for a delayed job, came due); written before the job is queued. */
    long acceptedAt;
    final long ttlNanos; // 0: no time-to-live
    final RetryPolicy retry;
    final @Nullable JobFuture<R> reply;

    /** What the factory's {@link dev.actorfactory.factory.job.JobInterceptor} captured at submission. */
    @Nullable Object captured;
    /** The thread forwarding this job (a straggler) to the slot that now takes it; {@code null} otherwise. */
    volatile @Nullable Thread forwarder;
    final int attempt;
    /** The run of the slot that took this attempt (see {@link RunState}); written and read by that runner. */
    long runId;
    /** Whether that runner called the worker for this attempt; runner-owned. */
    boolean entered;
    long routedAt;
    long startedAt;
    long finishedAt;
    boolean ended;

    JobRecord(long id, K key, M message, JobOptions options, int priority, int bucket, long acceptedAt, long ttlNanos,
            RetryPolicy retry, @Nullable JobFuture<R> reply) {
        this.id = id;
        this.key = key;
        this.message = message;
        this.options = options;
        this.priority = priority;
        this.bucket = bucket;
        this.acceptedAt = acceptedAt;
        this.ttlNanos = ttlNanos;
        this.retry = retry;
        this.reply = reply;
        this.attempt = 1;
    }

    private JobRecord(JobRecord<K, M, R> previous) {
        this.id = previous.id;
        this.key = previous.key;
        this.message = previous.message;
        this.options = previous.options;
        this.priority = previous.priority;
        this.bucket = previous.bucket;
        this.acceptedAt = previous.acceptedAt;
        this.ttlNanos = previous.ttlNanos;
        this.retry = previous.retry;
        this.reply = previous.reply;
        this.captured = previous.captured;
        this.routedAt = previous.routedAt;
        this.attempt = previous.attempt + 1;
    }

    /**
     * Waits while another thread forwards this job (a straggler: rare, brief); returns at once if none does, or
     * if the caller is the forwarder. A submitter that saw the job's current owner (an acquire read of the bucket
     * table) also sees the forwarder's mark, made under the old slot's lock before any later move, so after this
     * its next job of the key cannot overtake this one. Submitter thread.
     */
    void awaitForwarded() {
        Thread current = Thread.currentThread();
        Thread carrier;
        while ((carrier = forwarder) != null && carrier != current) {
            Thread.yield();
        }
    }

    /** The record of the job's next attempt (a retry); this record is left as it is. */
    JobRecord<K, M, R> nextAttempt() {
        return new JobRecord<>(this);
    }

    /**
     * A runner takes this job: {@code false} if it is a call that was withdrawn while queued (it has ended: the
     * runner drops it). Under the queue's lock.
     */
    boolean claimForRun() {
        return reply == null || reply.claimTaken();
    }

    /** Whether this is a withdrawn call left in a queue: it has ended, and whoever finds it drops it. */
    boolean isTombstone() {
        return reply != null && reply.isWithdrawn();
    }

    boolean isExpired(long now) {
        return ttlNanos > 0 && now - acceptedAt > ttlNanos;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public K key() {
        return key;
    }

    @Override
    public M message() {
        return message;
    }

    @Override
    public JobOptions options() {
        return options;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public long acceptedAtNanos() {
        return acceptedAt;
    }

    @Override
    public long routedAtNanos() {
        return routedAt;
    }

    @Override
    public long startedAtNanos() {
        return startedAt;
    }

    @Override
    public long finishedAtNanos() {
        return finishedAt;
    }

    /** Without the key, which may be personal data (logs show keys as the factory's key disclosure says). */
    @Override
    public String toString() {
        return "Job[id=" + id + ", attempt=" + attempt + "]";
    }
}
