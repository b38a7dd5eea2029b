package dev.actorfactory.factory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.internal.Arguments;

/**
 * A change of a running factory's settings, applied by {@link FactoryRef#updateSettings}: only the settings the
 * change names change, the others keep their values. Values are validated when they are set here, by the same
 * rules as {@link Factory.Builder} (an {@link IllegalArgumentException} naming the argument and the rule, a
 * {@link NullPointerException} naming a null one), so a change that was built is valid.
 *
 * <pre>{@code
 * orders.updateSettings(SettingsChange.builder()
 *         .discardLimit(500, DiscardMode.OLDEST)
 *         .rateLimiter(new RateLimiter(100, Duration.ofSeconds(1), 200))
 *         .noDefaultJobTtl()
 *         .build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; its {@link Builder} is not (use it from one thread, then {@link Builder#build()}).
 */
public final class SettingsChange {

    private final boolean changesDiscardLimit;
    private final int discardLimit;
    private final @Nullable DiscardMode discardMode;
    private final boolean changesRateLimiter;
    private final @Nullable RateLimiter rateLimiter;
    private final boolean changesDefaultJobTtl;
    private final @Nullable Duration defaultJobTtl;
    private final boolean changesDeadMansSwitch;
    private final @Nullable DeadMansSwitch deadMansSwitch;

    private SettingsChange(Builder builder) {
        this.changesDiscardLimit = builder.changesDiscardLimit;
        this.discardLimit = builder.discardLimit;
        this.discardMode = builder.discardMode;
        this.changesRateLimiter = builder.changesRateLimiter;
        this.rateLimiter = builder.rateLimiter;
        this.changesDefaultJobTtl = builder.changesDefaultJobTtl;
        this.defaultJobTtl = builder.defaultJobTtl;
        this.changesDeadMansSwitch = builder.changesDeadMansSwitch;
        this.deadMansSwitch = builder.deadMansSwitch;
    }

    /** Starts building a change that changes nothing yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the change sets the queue limit (a limit, or none). */
    public boolean changesDiscardLimit() {
        return changesDiscardLimit;
    }

    /**
     * The new queue limit ({@link Integer#MAX_VALUE}: unlimited); meaningful only if
     * {@link #changesDiscardLimit()}.
     */
    public int discardLimit() {
        return discardLimit;
    }

    /** The new discard mode, or {@code null} if the change keeps the current one. */
    public @Nullable DiscardMode discardMode() {
        return discardMode;
    }

    /** Whether the change sets the rate limiter (a new bucket, or none). */
    public boolean changesRateLimiter() {
        return changesRateLimiter;
    }

    /** The new rate limiter ({@code null}: none); meaningful only if {@link #changesRateLimiter()}. */
    public @Nullable RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Whether the change sets the default time-to-live (a duration, or none). */
    public boolean changesDefaultJobTtl() {
        return changesDefaultJobTtl;
    }

    /** The new default time-to-live ({@code null}: none); meaningful only if {@link #changesDefaultJobTtl()}. */
    public @Nullable Duration defaultJobTtl() {
        return defaultJobTtl;
    }

    /** Whether the change sets the dead man's switch (a switch, or off). */
    public boolean changesDeadMansSwitch() {
        return changesDeadMansSwitch;
    }

    /** The new dead man's switch ({@code null}: off); meaningful only if {@link #changesDeadMansSwitch()}. */
    public @Nullable DeadMansSwitch deadMansSwitch() {
        return deadMansSwitch;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (changesDiscardLimit) {
            parts.add("discard.limit=" + (discardLimit == Integer.MAX_VALUE ? "unlimited" : discardLimit));
        }
        if (discardMode != null) {
            parts.add("discard.mode=" + discardMode);
        }
        if (changesRateLimiter) {
            parts.add("rate-limit=" + (rateLimiter == null ? "none" : rateLimiter));
        }
        if (changesDefaultJobTtl) {
            parts.add("job-ttl=" + (defaultJobTtl == null ? "none" : defaultJobTtl));
        }
        if (changesDeadMansSwitch) {
            parts.add("dead-mans-switch=" + (deadMansSwitch == null ? "off" : deadMansSwitch));
        }
        return "SettingsChange" + parts;
    }

    /**
     * Builds a {@link SettingsChange}. Each method validates its arguments at once; a later call for the same
     * setting replaces an earlier one. Not thread-safe.
     */
    public static final class Builder {
        private boolean changesDiscardLimit;
        private int discardLimit = Integer.MAX_VALUE;
        private @Nullable DiscardMode discardMode;
        private boolean changesRateLimiter;
        private @Nullable RateLimiter rateLimiter;
        private boolean changesDefaultJobTtl;
        private @Nullable Duration defaultJobTtl;
        private boolean changesDeadMansSwitch;
        private @Nullable DeadMansSwitch deadMansSwitch;

        private Builder() {
        }

        /**
         * At most {@code limit} queued jobs (per worker queue under worker-queued routing, for the factory queue
         * under queuer routing), with {@code mode} picking what to drop; see {@link Factory.Builder#discardLimit}.
         *
         * @throws IllegalArgumentException if {@code limit} is below 1
         */
        public Builder discardLimit(int limit, DiscardMode mode) {
            discardLimit(limit);
            return discardMode(mode);
        }

        /**
         * At most {@code limit} queued jobs, keeping the current discard mode.
         *
         * @throws IllegalArgumentException if {@code limit} is below 1
         */
        public Builder discardLimit(int limit) {
            this.discardLimit = Arguments.atLeast(limit, 1, "limit");
            this.changesDiscardLimit = true;
            return this;
        }

        /** Removes the queue limit: nothing is shed for lack of room any more. */
        public Builder unlimitedQueue() {
            this.discardLimit = Integer.MAX_VALUE;
            this.changesDiscardLimit = true;
            return this;
        }

        /** Which jobs load shedding drops from now on (the limit is kept unless also set). */
        public Builder discardMode(DiscardMode mode) {
            this.discardMode = Arguments.notNull(mode, "mode");
            return this;
        }

        /** Replaces the token bucket in front of routing (the new one starts full). */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Arguments.notNull(rateLimiter, "rateLimiter");
            this.changesRateLimiter = true;
            return this;
        }

        /** Removes the rate limiter. */
        public Builder noRateLimiter() {
            this.rateLimiter = null;
            this.changesRateLimiter = true;
            return this;
        }

        /**
         * The time-to-live in queue of jobs submitted from now on without one.
         *
         * @throws IllegalArgumentException if {@code ttl} is not positive
         */
        public Builder defaultJobTtl(Duration ttl) {
            this.defaultJobTtl = Arguments.positive(ttl, "ttl");
            this.changesDefaultJobTtl = true;
            return this;
        }

        /** Jobs submitted from now on without a time-to-live have none. */
        public Builder noDefaultJobTtl() {
            this.defaultJobTtl = null;
            this.changesDefaultJobTtl = true;
            return this;
        }

        /** Detects (and optionally kills) stuck workers with this switch, from its next check on. */
        public Builder deadMansSwitch(DeadMansSwitch deadMansSwitch) {
            this.deadMansSwitch = Arguments.notNull(deadMansSwitch, "deadMansSwitch");
            this.changesDeadMansSwitch = true;
            return this;
        }

        /** Turns the dead man's switch off. */
        public Builder noDeadMansSwitch() {
            this.deadMansSwitch = null;
            this.changesDeadMansSwitch = true;
            return this;
        }

        /**
         * The change.
         *
         * @throws IllegalArgumentException if it changes nothing
         */
        public SettingsChange build() {
            if (!changesDiscardLimit && discardMode == null && !changesRateLimiter && !changesDefaultJobTtl
                    && !changesDeadMansSwitch) {
                throw new IllegalArgumentException("change must set at least one setting (discard limit or mode, "
                        + "rate limiter, default job TTL, dead man's switch)");
            }
            return new SettingsChange(this);
        }
    }
}
