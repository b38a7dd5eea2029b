package dev.actorfactory.supervision;

import java.time.Duration;
import java.util.ArrayDeque;

import dev.actorfactory.internal.Arguments;

/**
 * Erlang's maximum restart intensity: at most {@code maxRestarts} restarts within any window of {@code within}.
 * Records restarts and tells when the limit is exceeded, and how many restarts fall in the current window (the
 * attempt number for a {@link Backoff}).
 *
 * <p>Threads: not thread-safe; owned by one supervisor (an actor, so its calls are serial).
 */
public final class RestartIntensity {

    private final int maxRestarts;
    private final long windowNanos;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    /**
     * @param maxRestarts restarts allowed within the window; 0 means "never restart"
     * @param within      the window's length
     */
    public RestartIntensity(int maxRestarts, Duration within) {
        this.maxRestarts = Arguments.atLeast(maxRestarts, 0, "maxRestarts");
        this.windowNanos = Arguments.saturatedNanos(Arguments.positive(within, "within"));
    }

    /**
     * Records a restart at {@code nowNanos} ({@link System#nanoTime()}).
     *
     * @return {@code true} if it is allowed, {@code false} if it exceeds the intensity (then it is not recorded)
     */
    public boolean tryRecord(long nowNanos) {
        while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() >= windowNanos) {
            restarts.pollFirst();
        }
        if (restarts.size() >= maxRestarts) {
            return false;
        }
        restarts.addLast(nowNanos);
        return true;
    }

    /** Restarts recorded within the window ending at {@code nowNanos}. */
    public int recent(long nowNanos) {
        while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() >= windowNanos) {
            restarts.pollFirst();
        }
        return restarts.size();
    }

    /** The configured maximum. */
    public int maxRestarts() {
        return maxRestarts;
    }
}
