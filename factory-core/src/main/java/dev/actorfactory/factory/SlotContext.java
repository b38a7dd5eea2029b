package dev.actorfactory.factory;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.worker.WorkerContext;

/**
 * The {@link WorkerContext} of one worker slot, shared by the instances that slot hosts over time. It reaches the
 * factory through a field that the factory clears when it stops ({@link #detach}), so a worker instance kept after
 * the stop (a bean, a cache) does not keep the factory's queues and threads reachable.
 *
 * <p>Threads: any.
 */
final class SlotContext<K, M, R> implements WorkerContext<K, M> {

    private final int workerId;
    private final String factoryName;
    private volatile @Nullable Factory<K, M, R> factory;

    SlotContext(int workerId, Factory<K, M, R> factory) {
        this.workerId = workerId;
        this.factoryName = factory.name();
        this.factory = factory;
    }

    /** The factory stopped: let go of it. */
    void detach() {
        factory = null;
    }

    @Override
    public int workerId() {
        return workerId;
    }

    @Override
    public String factoryName() {
        return factoryName;
    }

    @Override
    public boolean factoryRunning() {
        Factory<K, M, R> current = factory;
        return current != null && current.state() == FactoryState.RUNNING;
    }

    @Override
    public DispatchResult dispatch(K key, M message, JobOptions options) {
        Factory<K, M, R> current = factory;
        return current == null ? DispatchResult.discarded(0, DiscardReason.SHUTDOWN)
                : current.dispatch(key, message, options);
    }

    @Override
    public DispatchResult dispatchAfter(K key, M message, JobOptions options, Duration delay) {
        Factory<K, M, R> current = factory;
        return current == null ? DispatchResult.discarded(0, DiscardReason.SHUTDOWN)
                : current.dispatchAfter(key, message, options, delay);
    }

    @Override
    public String toString() {
        return "worker " + workerId + " of factory '" + factoryName + "'";
    }
}
