package dev.actorfactory.supervision;

import java.time.Duration;

import dev.actorfactory.internal.Arguments;

/**
 * A one-for-one restart strategy: a failed child is restarted on its own, after the {@link Backoff} delay for its
 * attempt, as long as no more than {@code maxRestarts} restarts happen within {@code within}; past that, the
 * supervisor gives up and fails upwards with {@link RestartIntensityExceededException}.
 *
 * @param maxRestarts the maximum restart intensity's count (Erlang's {@code intensity})
 * @param within      the maximum restart intensity's window (Erlang's {@code period})
 * @param backoff     the delay before each restart, by attempt within the window
 */
public record RestartStrategy(int maxRestarts, Duration within, Backoff backoff) {

    /** Validates the arguments. */
    public RestartStrategy {
        Arguments.atLeast(maxRestarts, 0, "maxRestarts");
        Arguments.positive(within, "within");
        Arguments.notNull(backoff, "backoff");
    }

    /** One-for-one, {@code maxRestarts} within {@code within}, restarting at once. */
    public static RestartStrategy oneForOne(int maxRestarts, Duration within) {
        return new RestartStrategy(maxRestarts, within, Backoff.none());
    }

    /** This strategy with a backoff between restarts. */
    public RestartStrategy withBackoff(Backoff backoff) {
        return new RestartStrategy(maxRestarts, within, backoff);
    }

    /** A fresh intensity tracker for this strategy. */
    public RestartIntensity newIntensity() {
        return new RestartIntensity(maxRestarts, within);
    }
}
