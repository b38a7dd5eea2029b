package dev.actorfactory.factory.stats;

import java.util.ArrayList;
import java.util.List;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;

/**
 * Several {@link FactoryStatsListener}s as one: each callback goes to every listener in order. A listener that
 * throws does not keep the others from hearing of the event (the factory logs the exception). Immutable.
 */
public final class CompositeStatsListener implements FactoryStatsListener {

    private final List<FactoryStatsListener> listeners;

    private CompositeStatsListener(List<FactoryStatsListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** {@code first} and then {@code second} (flattening composites). */
    public static FactoryStatsListener of(FactoryStatsListener first, FactoryStatsListener second) {
        List<FactoryStatsListener> all = new ArrayList<>();
        for (FactoryStatsListener listener : List.of(first, second)) {
            if (listener instanceof CompositeStatsListener composite) {
                all.addAll(composite.listeners);
            } else {
                all.add(listener);
            }
        }
        return new CompositeStatsListener(all);
    }

    private interface Call {
        void on(FactoryStatsListener listener);
    }

    private void each(Call call) {
        RuntimeException first = null;
        for (FactoryStatsListener listener : listeners) {
            try {
                call.on(listener);
            } catch (RuntimeException error) {
                if (first == null) {
                    first = error;
                } else {
                    first.addSuppressed(error);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void onJobSubmitted(String factory) {
        each(listener -> listener.onJobSubmitted(factory));
    }

    @Override
    public void onJobCompleted(String factory, Job<?, ?> job) {
        each(listener -> listener.onJobCompleted(factory, job));
    }

    @Override
    public void onJobFailed(String factory, Job<?, ?> job, Throwable error) {
        each(listener -> listener.onJobFailed(factory, job, error));
    }

    @Override
    public void onJobRetried(String factory, Job<?, ?> retry, Throwable error) {
        each(listener -> listener.onJobRetried(factory, retry, error));
    }

    @Override
    public void onJobDiscarded(String factory, Job<?, ?> job, DiscardReason reason) {
        each(listener -> listener.onJobDiscarded(factory, job, reason));
    }

    @Override
    public void onJobCompleted(String factory, long queueNanos, long processingNanos, long totalNanos) {
        each(listener -> listener.onJobCompleted(factory, queueNanos, processingNanos, totalNanos));
    }

    @Override
    public void onJobFailed(String factory, Throwable error) {
        each(listener -> listener.onJobFailed(factory, error));
    }

    @Override
    public void onJobRetried(String factory, int attempt, Throwable error) {
        each(listener -> listener.onJobRetried(factory, attempt, error));
    }

    @Override
    public void onJobDiscarded(String factory, DiscardReason reason) {
        each(listener -> listener.onJobDiscarded(factory, reason));
    }

    @Override
    public void onWorkerPing(String factory, int workerId, long latencyNanos) {
        each(listener -> listener.onWorkerPing(factory, workerId, latencyNanos));
    }

    @Override
    public void onWorkerStuck(String factory, int workerId, Object key, long busyNanos) {
        each(listener -> listener.onWorkerStuck(factory, workerId, key, busyNanos));
    }

    @Override
    public void onKillGraceExceeded(String factory, Object key, long aliveNanos) {
        each(listener -> listener.onKillGraceExceeded(factory, key, aliveNanos));
    }

    @Override
    public void onWorkerRestarted(String factory, int workerId) {
        each(listener -> listener.onWorkerRestarted(factory, workerId));
    }

    @Override
    public void onGauges(String factory, int queueDepth, int inFlight, int workers, int queueLimit) {
        each(listener -> listener.onGauges(factory, queueDepth, inFlight, workers, queueLimit));
    }
}
