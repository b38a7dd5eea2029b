package dev.actorfactory.actor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.internal.Arguments;

/**
 * One object for a whole {@code ask}: the future handed to the asker, the {@link ReplyTo} handed to the actor,
 * and the mailbox envelope around the request (so a request that reaches the dead letters fails its future).
 * The timeout task is cancelled as soon as the future completes, so nothing lingers in the scheduler.
 *
 * <p>Threads: completed from any thread; the first completion wins.
 */
final class AskEnvelope<R> extends CompletableFuture<R> implements ReplyTo<R> {

    @Nullable Object message;
    private @Nullable ScheduledFuture<?> timeoutTask;

    /** Arms the timeout; returns {@code false} if the scheduler is shut down (the system is gone). */
    boolean startTimeout(ScheduledExecutorService scheduler, ActorRef<?> target, Duration timeout) {
        try {
            timeoutTask = scheduler.schedule(() -> super.completeExceptionally(new AskTimeoutException(target,
                    timeout)), Arguments.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException shutDown) {
            return false;
        }
    }

    @Override
    public boolean reply(R value) {
        return complete(value);
    }

    @Override
    public boolean fail(Throwable error) {
        return completeExceptionally(Arguments.notNull(error, "error"));
    }

    @Override
    public boolean isPending() {
        return !isDone();
    }

    @Override
    public boolean complete(R value) {
        boolean completed = super.complete(value);
        cancelTimeout();
        return completed;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        boolean completed = super.completeExceptionally(error);
        cancelTimeout();
        return completed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        cancelTimeout();
        return cancelled;
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "Ask[" + message + "]";
    }
}
