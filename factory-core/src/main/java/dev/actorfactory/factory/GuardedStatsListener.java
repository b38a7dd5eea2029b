package dev.actorfactory.factory;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.stats.FactoryStatsListener;

/**
 * The factory's statistics listeners as the engine calls them: never null (no listener is a no-op), and an
 * exception from a listener is logged and never reaches the engine's code path — so a job's accounting cannot be
 * interrupted by a broken meter.
 *
 * <p>Threads: any thread, as the listener it wraps.
 */
final class GuardedStatsListener implements FactoryStatsListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedStatsListener.class);
    private static final FactoryStatsListener NONE = new FactoryStatsListener() {
    };

    private final String factory;
    private final FactoryStatsListener delegate;

    GuardedStatsListener(String factory, @Nullable FactoryStatsListener delegate) {
        this.factory = factory;
        this.delegate = delegate == null ? NONE : delegate;
    }

    private void failed(RuntimeException error) {
        log.warn("Stats listener of factory '{}' failed", factory, error);
    }

    @Override
    public void onJobSubmitted(String factory) {
        try {
            delegate.onJobSubmitted(factory);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onJobCompleted(String factory, Job<?, ?> job) {
        try {
            delegate.onJobCompleted(factory, job);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onJobFailed(String factory, Job<?, ?> job, Throwable error) {
        try {
            delegate.onJobFailed(factory, job, error);
        } catch (RuntimeException listenerError) {
            failed(listenerError);
        }
    }

    @Override
    public void onJobRetried(String factory, Job<?, ?> retry, Throwable error) {
        try {
            delegate.onJobRetried(factory, retry, error);
        } catch (RuntimeException listenerError) {
            failed(listenerError);
        }
    }

    @Override
    public void onJobDiscarded(String factory, Job<?, ?> job, DiscardReason reason) {
        try {
            delegate.onJobDiscarded(factory, job, reason);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onJobCompleted(String factory, long queueNanos, long processingNanos, long totalNanos) {
        try {
            delegate.onJobCompleted(factory, queueNanos, processingNanos, totalNanos);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onJobFailed(String factory, Throwable error) {
        try {
            delegate.onJobFailed(factory, error);
        } catch (RuntimeException listenerError) {
            failed(listenerError);
        }
    }

    @Override
    public void onJobRetried(String factory, int attempt, Throwable error) {
        try {
            delegate.onJobRetried(factory, attempt, error);
        } catch (RuntimeException listenerError) {
            failed(listenerError);
        }
    }

    @Override
    public void onJobDiscarded(String factory, DiscardReason reason) {
        try {
            delegate.onJobDiscarded(factory, reason);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onWorkerPing(String factory, int workerId, long latencyNanos) {
        try {
            delegate.onWorkerPing(factory, workerId, latencyNanos);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onWorkerStuck(String factory, int workerId, Object key, long busyNanos) {
        try {
            delegate.onWorkerStuck(factory, workerId, key, busyNanos);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onKillGraceExceeded(String factory, Object key, long aliveNanos) {
        try {
            delegate.onKillGraceExceeded(factory, key, aliveNanos);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onWorkerRestarted(String factory, int workerId) {
        try {
            delegate.onWorkerRestarted(factory, workerId);
        } catch (RuntimeException error) {
            failed(error);
        }
    }

    @Override
    public void onGauges(String factory, int queueDepth, int inFlight, int workers, int queueLimit) {
        try {
            delegate.onGauges(factory, queueDepth, inFlight, workers, queueLimit);
        } catch (RuntimeException error) {
            failed(error);
        }
    }
}
