package dev.actorfactory.factory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.discard.DiscardHandler;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;

/**
 * The accounting contract in one place: every job that enters ({@link #submitted}) leaves through exactly one of
 * {@link #complete}, {@link #fail} or {@link #discard}, which count it, notify the statistics listener and the
 * discard handler, and only then complete its reply future — so whoever sees a reply complete also sees the job in
 * the counters, in the listener's meters and in the discard handler's effects. A second ending of the same job is
 * a bug: it is logged and ignored, never counted twice.
 *
 * <p>Threads: all methods may be called from any thread; counters are {@link LongAdder}s so that workers never
 * contend on one cache line. Each job is ended by the single party that owns it.
 */
final class JobAccounting<K, M, R> {

    private static final Logger log = LoggerFactory.getLogger(JobAccounting.class);
    private static final DiscardReason[] REASONS = DiscardReason.values();

    private final String factory;
    private final GuardedStatsListener listener;
    private final @Nullable DiscardHandler<? super K, ? super M> discardHandler;
    private final Runnable onJobEnded;

    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder[] discarded = new LongAdder[REASONS.length];

    JobAccounting(String factory, GuardedStatsListener listener,
            @Nullable DiscardHandler<? super K, ? super M> discardHandler, Runnable onJobEnded) {
        this.factory = factory;
        this.listener = listener;
        this.discardHandler = discardHandler;
        this.onJobEnded = onJobEnded;
        for (int i = 0; i < discarded.length; i++) {
            discarded[i] = new LongAdder();
        }
    }

    void submitted() {
        submitted.increment();
        listener.onJobSubmitted(factory);
    }

    void complete(JobRecord<K, M, R> job, @Nullable R result) {
        if (!end(job)) {
            return;
        }
        completed.increment();
        listener.onJobCompleted(factory, job.startedAt - job.acceptedAt, job.finishedAt - job.startedAt,
                job.finishedAt - job.acceptedAt);
        if (job.reply != null) {
            job.reply.complete(result);
        }
        onJobEnded.run();
    }

    void fail(JobRecord<K, M, R> job, Throwable error) {
        if (!end(job)) {
            return;
        }
        failed.increment();
        listener.onJobFailed(factory, error);
        if (job.reply != null) {
            job.reply.completeExceptionally(error);
        }
        onJobEnded.run();
    }

    void discard(JobRecord<K, M, R> job, DiscardReason reason) {
        if (!end(job)) {
            return;
        }
        discarded[reason.ordinal()].increment();
        DiscardHandler<? super K, ? super M> handler = discardHandler;
        if (handler != null) {
            try {
                invoke(handler, job, reason);
            } catch (RuntimeException error) {
                log.warn("Discard handler of factory '{}' failed for {}", factory, job, error);
            }
        }
        listener.onJobDiscarded(factory, reason);
        if (job.reply != null) {
            job.reply.completeExceptionally(new JobDiscardedException(factory, reason));
        }
        onJobEnded.run();
    }

    @SuppressWarnings("unchecked")
    private void invoke(DiscardHandler<? super K, ? super M> handler, JobRecord<K, M, R> job, DiscardReason reason) {
        ((DiscardHandler<K, M>) handler).onDiscard(job, reason);
    }

    void retried(JobRecord<K, M, R> job, Throwable error) {
        retries.increment();
        listener.onJobRetried(factory, job.attempt, error);
    }

    private boolean end(JobRecord<K, M, R> job) {
        if (job.ended) {
            log.error("Factory '{}': {} ended twice; ignored (this is a bug, please report it)", factory, job);
            return false;
        }
        job.ended = true;
        return true;
    }

    long submittedCount() {
        return submitted.sum();
    }

    long completedCount() {
        return completed.sum();
    }

    long failedCount() {
        return failed.sum();
    }

    long retryCount() {
        return retries.sum();
    }

    long discardedCount() {
        long total = 0;
        for (LongAdder adder : discarded) {
            total += adder.sum();
        }
        return total;
    }

    Map<DiscardReason, Long> discardedByReason() {
        Map<DiscardReason, Long> byReason = new EnumMap<>(DiscardReason.class);
        for (DiscardReason reason : REASONS) {
            byReason.put(reason, discarded[reason.ordinal()].sum());
        }
        return byReason;
    }
}
