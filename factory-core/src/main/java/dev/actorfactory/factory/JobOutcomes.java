package dev.actorfactory.factory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.discard.DiscardHandler;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.internal.Arguments;
import dev.actorfactory.internal.StripedCounter;

/**
 * Where every job ends, and the accounting contract in one place: every job that enters ({@link #submitted})
 * leaves through exactly one of {@link #complete}, {@link #fail} or {@link #discard}, which notify the statistics
 * listeners and the discard or failure handler, then count it, and only then complete its reply future — so whoever
 * sees a reply complete also sees the job in the counters, in the listeners' meters and in the handlers' effects,
 * and a drain that finds every job counted finds every handler done. A second ending of the same job is a bug: it
 * is logged and ignored, never counted twice.
 *
 * <p>It also decides what an attempt that did not succeed comes to: a retry (a new attempt, in place under
 * key-ordered routing with only its key fenced for the backoff, else routed again after it) or a failure.
 *
 * <p>Threads: all methods may be called from any thread; counters are {@link StripedCounter}s so that
 * submitters and workers never contend on one cache line, nor share one with anything else. Each job is ended by the single party that owns it (see {@link RunState}).
 */
final class JobOutcomes<K, M, R> {

    private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);
    private static final DiscardReason[] REASONS = DiscardReason.values();

    private final Factory<K, M, R> factory;
    private final String name;
    private final GuardedStatsListener listeners;
    /** Whether a stats listener is installed: without one, the per-job callbacks are skipped, not called empty. */
    private final boolean listening;
    private final @Nullable DiscardHandler<? super K, ? super M> discardHandler;
    private final boolean keyOrdered;
    private final FailureReports<K, M> reports;

    private final StripedCounter submitted = new StripedCounter();
    private final StripedCounter completed = new StripedCounter();
    private final StripedCounter failed = new StripedCounter();
    private final StripedCounter retries = new StripedCounter();
    private final StripedCounter[] discarded = new StripedCounter[REASONS.length];
    /** Retries waiting out their backoff on the scheduler (routing without key order). */
    private final Set<JobRecord<K, M, R>> delayedRetries = ConcurrentHashMap.newKeySet();

    JobOutcomes(Factory<K, M, R> factory, GuardedStatsListener listeners) {
        this.factory = factory;
        this.name = factory.name();
        this.listeners = listeners;
        this.listening = factory.settings().statsListener() != null;
        this.discardHandler = factory.settings().discardHandler();
        this.keyOrdered = factory.settings().routing().isKeyOrdered();
        FactorySettings<K, M, R> settings = factory.settings();
        this.reports = new FailureReports<>(name, settings.keyDisclosure(), settings.failureHandler(),
                settings.recentFailures(), settings.failureLogRate());
        for (int i = 0; i < discarded.length; i++) {
            discarded[i] = new StripedCounter();
        }
    }

    // ------------------------------------------------------------------ the accounting contract

    /** A job entered the factory (counted before it can end); returns its id (see {@link JobRecord#id}). */
    long submitted() {
        long id = submitted.incrementAndGetUnique();
        if (listening) {
            listeners.onJobSubmitted(name);
        }
        return id;
    }

    void complete(JobRecord<K, M, R> job, @Nullable R result) {
        if (!end(job)) {
            return;
        }
        if (listening) {
            listeners.onJobCompleted(name, job);
        }
        completed.increment(); // after the listeners: a drain that sees every job ended sees their effects too
        JobFuture<R> reply = job.reply;
        if (reply != null) {
            reply.complete(result);
            reply.ended();
        }
        factory.jobEnded();
    }

    void fail(JobRecord<K, M, R> job, Throwable error) {
        if (!end(job)) {
            return;
        }
        listeners.onJobFailed(name, job, error);
        reports.failed(job, error);
        failed.increment(); // after the listeners, log and handler: see complete
        JobFuture<R> reply = job.reply;
        if (reply != null) {
            reply.completeExceptionally(error);
            reply.ended();
        }
        factory.jobEnded();
    }

    void discard(JobRecord<K, M, R> job, DiscardReason reason) {
        if (!end(job)) {
            return;
        }
        discarded(job, reason, null);
    }

    /**
     * Ends a job withdrawn before it ran (see {@link Factory#withdraw}): discarded as cancelled, its reply failed
     * with {@code replyError}. The caller won the job's withdrawal, or removed it from its queue.
     */
    void withdrawn(JobRecord<K, M, R> job, Throwable replyError) {
        if (!endOnce(job)) {
            return;
        }
        if (job.reply != null) {
            job.reply.markWithdrawn();
        }
        discarded(job, DiscardReason.CANCELLED, replyError);
    }

    private void discarded(JobRecord<K, M, R> job, DiscardReason reason, @Nullable Throwable replyError) {
        DiscardHandler<? super K, ? super M> handler = discardHandler;
        if (handler != null) {
            try {
                invoke(handler, job, reason);
            } catch (RuntimeException error) {
                log.warn("Discard handler of factory '{}' failed for {}", name, job, error);
            }
        }
        listeners.onJobDiscarded(name, job, reason);
        discarded[reason.ordinal()].increment(); // after the handler and listeners: see complete
        JobFuture<R> reply = job.reply;
        if (reply != null) {
            reply.completeExceptionally(replyError != null ? replyError : new JobDiscardedException(name, reason));
            reply.ended();
        }
        factory.jobEnded();
    }

    @SuppressWarnings("unchecked")
    private void invoke(DiscardHandler<? super K, ? super M> handler, JobRecord<K, M, R> job, DiscardReason reason) {
        ((DiscardHandler<K, M>) handler).onDiscard(job, reason);
    }

    /**
     * Whether the caller may end {@code job}: once, and for a call only if no one withdrew it or ended it while
     * it was queued (a silent no: that ending has happened and was counted).
     */
    private boolean end(JobRecord<K, M, R> job) {
        JobFuture<R> reply = job.reply;
        if (reply != null && !reply.claimEnd()) {
            return false;
        }
        return endOnce(job);
    }

    private boolean endOnce(JobRecord<K, M, R> job) {
        if (job.ended) {
            log.error("Factory '{}': {} ended twice; ignored (this is a bug, please report it)", name, job);
            return false;
        }
        job.ended = true;
        return true;
    }

    // ------------------------------------------------------------------ what a run came to (runner threads)

    /** The runner owns the outcome of a run that returned normally. */
    void succeeded(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, @Nullable R result) {
        factory.placement().endedOnRunner(slot, job);
        complete(job, result);
    }

    /** The runner owns the outcome of a run whose worker threw: the worker instance is replaced. */
    void crashed(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, Throwable error) {
        listeners.onWorkerRestarted(name, slot.id);
        retryOrFail(slot, job, error, true);
    }

    /** A killer (dead man's switch) owns the outcome of the run it abandoned. */
    void killed(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, WorkerKilledException error) {
        listeners.onWorkerRestarted(name, slot.id);
        retryOrFail(slot, job, error, false);
    }

    /**
     * The runner could not build a worker instance for {@code job} (which never ran): the job goes back to the head
     * of the slot's queue and the slot waits out the crash backoff, which grows while the builder keeps failing.
     */
    void workerBuildFailed(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, int consecutiveFailures) {
        long delay = Math.max(TimeUnit.MILLISECONDS.toNanos(1), crashDelay(consecutiveFailures));
        if (!factory.placement().retryInPlace(slot, job, delay)) {
            factory.placement().endedOnRunner(slot, job);
            discard(job, DiscardReason.SHUTDOWN);
        }
    }

    private long crashDelay(int consecutiveFailures) {
        return consecutiveFailures <= 1 ? 0
                : Arguments.saturatedNanos(factory.settings().crashBackoff().delay(consecutiveFailures - 1));
    }

    /**
     * Retries {@code failed} as a new attempt if its policy allows (the failed attempt's record is left alone: a
     * killed attempt may still be running with it), else fails the job. Under key-ordered routing the retry keeps
     * its place at the head of the slot's queue and only its key waits out the backoff (a key fence); the slot's
     * other keys keep flowing.
     */
    private void retryOrFail(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> failed, Throwable error,
            boolean onRunner) {
        if (factory.isStopping() || !failed.retry.allowsRetry(failed.attempt, error)) {
            endFailedAttempt(slot, failed, onRunner);
            fail(failed, error);
            return;
        }
        long delay = Arguments.saturatedNanos(failed.retry.delayAfter(failed.attempt));
        JobRecord<K, M, R> retry = failed.nextAttempt();
        retries.increment();
        reports.retrying(slot.id, failed, error, onRunner);
        listeners.onJobRetried(name, retry, error);
        if (keyOrdered) {
            retryInPlace(slot, failed, retry, delay, onRunner);
        } else {
            endFailedAttempt(slot, failed, onRunner);
            retryLater(retry, delay);
        }
    }

    private void retryInPlace(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> failed, JobRecord<K, M, R> retry,
            long delay, boolean onRunner) {
        KeyFences fences = factory.fences();
        if (delay > 0) {
            fences.fenceBackoff(retry.key); // before the retry is queued: no runner may take it early
        }
        if (factory.placement().retryInPlace(slot, retry, 0)) {
            if (delay > 0 && !factory.housekeeping().schedule(() -> liftBackoff(retry.key), delay)) {
                liftBackoff(retry.key); // stopping: whatever is queued is discarded anyway
            }
            return; // still bound to the slot (sticky-queuer): the retry is the same job
        }
        if (delay > 0) {
            liftBackoff(retry.key);
        }
        endFailedAttempt(slot, failed, onRunner);
        discard(retry, DiscardReason.SHUTDOWN); // the placement closed meanwhile
    }

    private void retryLater(JobRecord<K, M, R> retry, long delay) {
        if (delay == 0) {
            reroute(retry);
            return;
        }
        delayedRetries.add(retry);
        boolean scheduled = factory.housekeeping().schedule(() -> {
            if (delayedRetries.remove(retry)) {
                reroute(retry);
            }
        }, delay);
        if (scheduled && !factory.isStopping()) {
            return;
        }
        if (delayedRetries.remove(retry)) { // the drain timed out meanwhile: nobody else will end it
            discard(retry, DiscardReason.SHUTDOWN);
        }
    }

    private void endFailedAttempt(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, boolean onRunner) {
        if (onRunner) {
            factory.placement().endedOnRunner(slot, job);
        } else {
            factory.placement().unbind(slot, job);
        }
    }

    private void liftBackoff(Object key) {
        if (factory.fences().liftBackoff(key)) {
            factory.placement().resumeAll();
        }
    }

    /** Routes a job again (an orphan of a retired worker, or a retry): not a new submission. */
    void reroute(JobRecord<K, M, R> job) {
        DiscardReason reason = factory.placement().offer(job, true);
        if (reason != null) {
            discard(job, reason);
        }
    }

    /** Removes the retry of job {@code jobId} waiting out its backoff, if there is one (a cancel). */
    @Nullable JobRecord<K, M, R> removeDelayedRetry(long jobId) {
        for (JobRecord<K, M, R> job : delayedRetries) {
            if (job.id == jobId && delayedRetries.remove(job)) {
                return job;
            }
        }
        return null;
    }

    /** Discards the retries still waiting out their backoff (the factory stops). */
    void discardDelayedRetries() {
        for (JobRecord<K, M, R> job : List.copyOf(delayedRetries)) {
            if (delayedRetries.remove(job)) {
                discard(job, DiscardReason.SHUTDOWN);
            }
        }
    }

    /** The failure handler, the ring of recent failures and the failure log. */
    FailureReports<K, M> reports() {
        return reports;
    }

    // ------------------------------------------------------------------ counters

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
        for (StripedCounter adder : discarded) {
            total += adder.sum();
        }
        return total;
    }

    /** Whether every job counted as submitted has ended (ends read before submissions: never a false yes). */
    boolean allEnded() {
        long ended = completedCount() + failedCount() + discardedCount();
        return ended == submittedCount();
    }

    Map<DiscardReason, Long> discardedByReason() {
        Map<DiscardReason, Long> byReason = new EnumMap<>(DiscardReason.class);
        for (DiscardReason reason : REASONS) {
            byReason.put(reason, discarded[reason.ordinal()].sum());
        }
        return byReason;
    }
}
