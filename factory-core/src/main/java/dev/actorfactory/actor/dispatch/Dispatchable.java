package dev.actorfactory.actor.dispatch;

import java.util.concurrent.ForkJoinTask;

import org.jspecify.annotations.Nullable;

/**
 * A task that can be run by a {@link Dispatcher} again and again: a {@link ForkJoinTask} that never completes
 * (so a fork-join pool accepts it without a wrapper object each time) and a {@link Runnable} (for any other
 * executor). Actors are dispatchables.
 *
 * <p>Threads: {@link #run()} is called by one dispatcher thread at a time; the subclass guarantees that by
 * dispatching itself only while it holds its own scheduling flag.
 */
public abstract class Dispatchable extends ForkJoinTask<Void> implements Runnable {

    private static final long serialVersionUID = 1L;

    /** For subclasses. */
    protected Dispatchable() {
    }

    @Override
    protected final boolean exec() {
        try {
            run();
        } catch (Throwable unexpected) {
            // a fork-join pool would swallow it and mark this task completed, which would stop it from running
            // again: report it and stay runnable instead
            Thread current = Thread.currentThread();
            current.getUncaughtExceptionHandler().uncaughtException(current, unexpected);
        }
        return false; // never "done": dispatched again whenever there is work
    }

    @Override
    public final @Nullable Void getRawResult() {
        return null;
    }

    @Override
    protected final void setRawResult(@Nullable Void value) {
    }
}
