package dev.actorfactory.factory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.lifecycle.FactoryState;

/**
 * A {@link PreparedJob}: a job counted and held by the factory's {@link DelayedJobs} until its submitter dispatches
 * or cancels it. Exactly one of the two takes effect: both race for {@link #settled}, and then for the job's release
 * from the hold, which a drain or {@link FactoryRef#cancel(long)} may have taken first (they then ended the job).
 *
 * <p>Threads: any.
 */
final class HeldJob<K, M, R> implements PreparedJob {

    private final Factory<K, M, R> factory;
    private final JobRecord<K, M, R> job;
    /** Why the factory refused the job at once (it has ended), or {@code null} if it holds it. */
    private final @Nullable DiscardReason refused;
    private final AtomicBoolean settled;

    HeldJob(Factory<K, M, R> factory, JobRecord<K, M, R> job, @Nullable DiscardReason refused) {
        this.factory = factory;
        this.job = job;
        this.refused = refused;
        this.settled = new AtomicBoolean(refused != null);
    }

    @Override
    public long jobId() {
        return job.id;
    }

    @Override
    public DispatchResult dispatch() {
        if (refused != null) {
            return new DispatchResult(job.id, refused);
        }
        if (!settled.compareAndSet(false, true) || !factory.delayedJobs().release(job)) {
            return new DispatchResult(job.id, factory.state() == FactoryState.RUNNING ? DiscardReason.CANCELLED
                    : DiscardReason.SHUTDOWN);
        }
        if (factory.timed || job.ttlNanos > 0) {
            job.acceptedAt = System.nanoTime(); // queue time and time-to-live count from now
        }
        DiscardReason reason = factory.placement().offer(job, true);
        if (reason != null) {
            factory.outcomes().discard(job, reason);
        }
        return new DispatchResult(job.id, reason);
    }

    @Override
    public boolean cancel() {
        if (refused != null || !settled.compareAndSet(false, true) || !factory.delayedJobs().release(job)) {
            return false;
        }
        factory.outcomes().withdrawn(job, new CancellationException("job " + job.id + " was cancelled"));
        return true;
    }

    @Override
    public String toString() {
        return "PreparedJob[" + job.id + " of factory '" + factory.name() + "']";
    }
}
