package dev.actorfactory.factory.worker;

import java.time.Duration;

import dev.actorfactory.factory.DispatchResult;
import dev.actorfactory.factory.job.JobOptions;

/**
 * What a worker knows about where it runs, handed to {@link Worker#onStart} (as ractor hands its workers their
 * start context): its id, its factory's name, and a way to submit follow-up jobs to its own factory.
 *
 * <p>Follow-ups are fire-and-forget on purpose: a worker that waited for a reply from its own factory could wait
 * for itself (with one worker, or all workers doing the same). The context does not keep the factory alive: once
 * the factory has stopped it lets go of it, and a follow-up is then refused with reason shutdown without being
 * counted anywhere (there is no factory left to count it).
 *
 * <p>Threads: any; typically the worker's own.
 *
 * @param <K> the key type
 * @param <M> the message type
 */
public interface WorkerContext<K, M> {

    /** The worker's id (0 .. max workers - 1); a replacement instance of the same slot has the same id. */
    int workerId();

    /** The name of the worker's factory. */
    String factoryName();

    /** Whether the factory still takes jobs (running, not draining or stopped). */
    boolean factoryRunning();

    /** Submits a follow-up job to this worker's factory (routed like any job); see {@code FactoryRef.dispatch}. */
    DispatchResult dispatch(K key, M message, JobOptions options);

    /** {@link #dispatch(Object, Object, JobOptions)} with default options. */
    default DispatchResult dispatch(K key, M message) {
        return dispatch(key, message, JobOptions.defaults());
    }

    /** Submits a delayed follow-up job; see {@code FactoryRef.dispatchAfter}. */
    DispatchResult dispatchAfter(K key, M message, JobOptions options, Duration delay);
}
