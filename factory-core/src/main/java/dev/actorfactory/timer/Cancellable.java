package dev.actorfactory.timer;

/** A pending timer. Threads: may be cancelled from any thread. */
public interface Cancellable {

    /**
     * Cancels the timer: it will not fire again.
     *
     * @return {@code true} if this call cancelled it, {@code false} if it had already finished or been cancelled
     */
    boolean cancel();

    /** Whether the timer was cancelled (by a call or because its actor stopped). */
    boolean isCancelled();
}
