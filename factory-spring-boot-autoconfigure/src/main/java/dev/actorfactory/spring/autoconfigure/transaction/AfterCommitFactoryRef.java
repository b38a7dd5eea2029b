package dev.actorfactory.spring.autoconfigure.transaction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.actorfactory.factory.DispatchResult;
import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.JobFuture;
import dev.actorfactory.factory.PreparedJob;
import dev.actorfactory.factory.failure.FailureRecord;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.WorkerStats;

/**
 * A factory's {@link FactoryRef} that dispatches after commit: a {@code dispatch} made inside a Spring transaction
 * (with transaction synchronization active, as {@code @Transactional} and {@code TransactionTemplate} provide) is
 * {@link FactoryRef#prepare prepared} — counted, given its id, shown as scheduled — and routed when the transaction
 * commits; if it rolls back, the job is withdrawn (discarded as cancelled) and never runs. So a worker never sees
 * a row that is not committed yet, and never acts on one that was rolled back. Outside a transaction it dispatches
 * at once.
 *
 * <p>What is deferred: {@code dispatch} and {@code dispatchWaiting} (whose wait for room then happens at commit, as
 * a plain dispatch). What is not: {@code call} (a caller waiting inside the transaction for a job that starts only
 * after that transaction commits would wait for itself), {@code dispatchAfter} and {@code dispatchAt} (already
 * delayed; their delay counts from the dispatch). Inside a transaction, {@code dispatch} answers "accepted" with the
 * job's id: whether a full queue sheds it is decided at commit, and reported to the discard handler and statistics.
 *
 * <p>Threads: any, as the factory.
 */
public final class AfterCommitFactoryRef<K, M, R> implements FactoryRef<K, M, R> {

    private static final Logger log = LoggerFactory.getLogger(AfterCommitFactoryRef.class);

    private final FactoryRef<K, M, R> factory;

    /** Wraps {@code factory}. */
    public AfterCommitFactoryRef(FactoryRef<K, M, R> factory) {
        this.factory = factory;
    }

    /** The factory this ref dispatches to. */
    public FactoryRef<K, M, R> delegate() {
        return factory;
    }

    private static boolean inTransaction() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public DispatchResult dispatch(K key, M message, JobOptions options) {
        if (!inTransaction()) {
            return factory.dispatch(key, message, options);
        }
        PreparedJob prepared = factory.prepare(key, message, options);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    DispatchResult result = prepared.dispatch();
                    if (!result.isAccepted()) {
                        log.debug("Factory '{}': job {} dispatched after commit was discarded: {}", factory.name(),
                                result.jobId(), result.reason());
                    }
                } else {
                    prepared.cancel(); // rolled back (or unknown): the job must not run
                }
            }
        });
        return DispatchResult.accepted(prepared.jobId());
    }

    @Override
    public DispatchResult dispatchWaiting(K key, M message, JobOptions options, Duration maxWait)
            throws InterruptedException {
        return inTransaction() ? dispatch(key, message, options)
                : factory.dispatchWaiting(key, message, options, maxWait);
    }

    @Override
    public DispatchResult dispatchAfter(K key, M message, JobOptions options, Duration delay) {
        return factory.dispatchAfter(key, message, options, delay);
    }

    @Override
    public DispatchResult dispatchAt(K key, M message, JobOptions options, Instant at) {
        return factory.dispatchAt(key, message, options, at);
    }

    @Override
    public PreparedJob prepare(K key, M message, JobOptions options) {
        return factory.prepare(key, message, options);
    }

    @Override
    public JobFuture<R> call(K key, M message, JobOptions options) {
        return factory.call(key, message, options);
    }

    @Override
    public JobFuture<R> call(K key, M message, JobOptions options, Duration timeout) {
        return factory.call(key, message, options, timeout);
    }

    @Override
    public boolean cancel(long jobId) {
        return factory.cancel(jobId);
    }

    @Override
    public String name() {
        return factory.name();
    }

    @Override
    public int queueDepth() {
        return factory.queueDepth();
    }

    @Override
    public int availableCapacity() {
        return factory.availableCapacity();
    }

    @Override
    public int activeWorkers() {
        return factory.activeWorkers();
    }

    @Override
    public int workerCount() {
        return factory.workerCount();
    }

    @Override
    public FactoryStats stats() {
        return factory.stats();
    }

    @Override
    public List<FailureRecord> recentFailures() {
        return factory.recentFailures();
    }

    @Override
    public Map<String, Object> settingsInEffect() {
        return factory.settingsInEffect();
    }

    @Override
    public Map<String, Object> updateSettings(dev.actorfactory.factory.SettingsChange change) {
        return factory.updateSettings(change);
    }

    @Override
    public WorkerStats worker(int workerId) {
        return factory.worker(workerId);
    }

    @Override
    public FactoryState state() {
        return factory.state();
    }

    @Override
    public void resize(int workers) {
        factory.resize(workers);
    }

    @Override
    public void pause() {
        factory.pause();
    }

    @Override
    public void resume() {
        factory.resume();
    }

    @Override
    public boolean isPaused() {
        return factory.isPaused();
    }

    @Override
    public CompletableFuture<FactoryStats> drain(Duration timeout) {
        return factory.drain(timeout);
    }

    @Override
    public String toString() {
        return "AfterCommit[" + factory + "]";
    }
}
