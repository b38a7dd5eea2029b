package dev.actorfactory.factory;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.internal.Arguments;

/**
 * The settings an operator may change while the factory runs ({@link FactoryRef#updateSettings}), as one immutable
 * snapshot: the factory publishes a new one with a single volatile write, and the hot paths read it with a single
 * volatile read (no lock). The queue limit itself is the factory's {@code queueLimit} (shared with the discard-limit
 * controller); this snapshot holds what goes with it.
 *
 * @param defaultTtlNanos  {@code defaultJobTtl} in nanoseconds (0: none), precomputed for the submit path
 * @param stuckAfterNanos  the switch's timeout in nanoseconds (0: no switch)
 * @param killGraceNanos   the switch's kill grace in nanoseconds (0: no switch)
 */
record LiveSettings(
        DiscardMode discardMode,
        @Nullable RateLimiter rateLimiter,
        @Nullable Duration defaultJobTtl,
        long defaultTtlNanos,
        @Nullable DeadMansSwitch deadMansSwitch,
        long stuckAfterNanos,
        long killGraceNanos) {

    static LiveSettings of(DiscardMode discardMode, @Nullable RateLimiter rateLimiter,
            @Nullable Duration defaultJobTtl, @Nullable DeadMansSwitch deadMansSwitch) {
        return new LiveSettings(discardMode, rateLimiter, defaultJobTtl,
                defaultJobTtl == null ? 0 : Arguments.saturatedNanos(defaultJobTtl), deadMansSwitch,
                deadMansSwitch == null ? 0 : Arguments.saturatedNanos(deadMansSwitch.timeout()),
                deadMansSwitch == null ? 0 : Arguments.saturatedNanos(deadMansSwitch.grace()));
    }

    /** This snapshot with {@code change} applied (the settings it does not name are kept). */
    LiveSettings with(SettingsChange change) {
        return of(change.discardMode() != null ? change.discardMode() : discardMode,
                change.changesRateLimiter() ? change.rateLimiter() : rateLimiter,
                change.changesDefaultJobTtl() ? change.defaultJobTtl() : defaultJobTtl,
                change.changesDeadMansSwitch() ? change.deadMansSwitch() : deadMansSwitch);
    }
}
