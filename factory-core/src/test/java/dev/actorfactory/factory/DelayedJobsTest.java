package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.clock.ManualClock;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.lifecycle.DelayedJobsAtDrain;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;

/** dispatchAfter / dispatchAt: accepted at once, routed when due by the factory's clock, cancellable, drained. */
class DelayedJobsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final List<Factory<?, ?, ?>> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(factory -> factory.stop().join());
    }

    private Factory<String, String, String> start(Consumer<Factory.Builder<String, String, String>> settings) {
        Factory.Builder<String, String, String> builder = Factory.<String, String, String>builder("delayed")
                .workerBuilder(id -> job -> {
                    ran.add(job.message());
                    return job.message();
                })
                .workers(1)
                .clock(clock)
                .discardHandler((Job<String, String> job, DiscardReason reason) ->
                        discarded.add(job.message() + ":" + reason.tagValue()));
        settings.accept(builder);
        Factory<String, String, String> factory = builder.build().start();
        started.add(factory);
        return factory;
    }

    private void awaitRan(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() >= count);
    }

    @Test
    void aDelayedJobIsAcceptedAtOnceAndRoutedOnlyWhenDue() throws Exception {
        Factory<String, String, String> factory = start(builder -> { });
        DispatchResult result = factory.dispatchAfter("k", "reminder", Duration.ofMinutes(5));
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.jobId()).isPositive();
        FactoryStats waiting = factory.stats();
        assertThat(waiting.scheduled()).isEqualTo(1);
        assertThat(waiting.submitted()).isEqualTo(1);
        assertThat(waiting.outstanding()).isEqualTo(1);
        assertThat(waiting.queueDepth()).isZero();

        clock.advance(Duration.ofMinutes(4));
        factory.call("k", "probe").get(10, TimeUnit.SECONDS); // a job routed now runs; the delayed one still waits
        assertThat(ran).containsExactly("probe");
        clock.advance(Duration.ofMinutes(1));
        awaitRan(2);
        assertThat(ran).containsExactly("probe", "reminder");
        assertThat(factory.stats().scheduled()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "STICKY_QUEUER", "QUEUER"})
    void delayedJobsComeDueInTheOrderOfTheirDueTimesThenOfAcceptance(RoutingMode mode) {
        Factory<String, String, String> factory = start(builder -> builder.routing(mode));
        factory.dispatchAfter("k", "third", Duration.ofSeconds(30));
        factory.dispatchAfter("k", "first", Duration.ofSeconds(10));
        factory.dispatchAt("k", "second", clock.instant().plusSeconds(20));
        factory.dispatchAfter("k", "first-too", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(30));
        awaitRan(4);
        assertThat(ran).containsExactly("first", "first-too", "second", "third");
    }

    @Test
    void anInstantInThePastOrAZeroDelayDispatchesAtOnce() {
        Factory<String, String, String> factory = start(builder -> { });
        factory.dispatchAt("k", "past", clock.instant().minusSeconds(60));
        factory.dispatchAfter("k", "now", Duration.ZERO);
        awaitRan(2);
        assertThat(factory.stats().scheduled()).isZero();
    }

    @Test
    void aDelayedJobCanBeCancelledUntilItIsDue() throws Exception {
        Factory<String, String, String> factory = start(builder -> { });
        long cancelled = factory.dispatchAfter("k", "cancelled", Duration.ofSeconds(10)).jobId();
        factory.dispatchAfter("k", "kept", Duration.ofSeconds(10));
        assertThat(factory.cancel(cancelled)).isTrue();
        assertThat(factory.cancel(cancelled)).isFalse();
        clock.advance(Duration.ofSeconds(10));
        awaitRan(1);
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("kept");
        assertThat(discarded).containsExactly("cancelled:cancelled");
        assertThat(stats.outstanding()).isZero();
    }

    @Test
    void byDefaultADrainDiscardsWhatIsNotDueYet() throws Exception {
        Factory<String, String, String> factory = start(builder -> { });
        factory.dispatchAfter("k", "tomorrow", Duration.ofDays(1));
        FactoryStats stats = factory.drain(Duration.ofMinutes(10)).get(10, TimeUnit.SECONDS);
        assertThat(discarded).containsExactly("tomorrow:shutdown");
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.SHUTDOWN, 1L);
        assertThat(stats.scheduled()).isZero();
        assertThat(stats.outstanding()).isZero();
        assertThat(factory.dispatchAfter("k", "late", Duration.ofSeconds(1)).reason())
                .isEqualTo(DiscardReason.SHUTDOWN);
    }

    @Test
    void aWaitingDrainRunsWhatComesDueWithinItsTimeoutAndDiscardsTheRestAtTheTimeout() throws Exception {
        Factory<String, String, String> factory = start(builder -> builder.delayedJobsAtDrain(DelayedJobsAtDrain.WAIT));
        factory.dispatchAfter("k", "soon", Duration.ofSeconds(5));
        var drain = factory.drain(Duration.ofMinutes(10));
        assertThat(factory.state()).isEqualTo(FactoryState.DRAINING);
        assertThat(drain).isNotDone();
        clock.advance(Duration.ofSeconds(5));
        FactoryStats stats = drain.get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("soon");
        assertThat(stats.completed()).isEqualTo(1);

        Factory<String, String, String> other = start(builder -> builder.delayedJobsAtDrain(DelayedJobsAtDrain.WAIT));
        other.dispatchAfter("k", "never-due", Duration.ofDays(1));
        FactoryStats timedOut = other.drain(Duration.ofMillis(50)).get(10, TimeUnit.SECONDS);
        assertThat(discarded).containsExactly("never-due:shutdown");
        assertThat(timedOut.outstanding()).isZero();
    }

    @Test
    void theRateLimitAppliesWhenTheJobIsSubmitted() {
        Factory<String, String, String> factory = start(builder -> builder
                .rateLimiter(new RateLimiter(1, Duration.ofHours(1), 1)));
        assertThat(factory.dispatchAfter("k", "a", Duration.ofSeconds(1)).isAccepted()).isTrue();
        assertThat(factory.dispatchAfter("k", "b", Duration.ofSeconds(1)).reason())
                .isEqualTo(DiscardReason.RATE_LIMITED);
        assertThat(discarded).containsExactly("b:rate-limited");
    }

    @Test
    void badDelaysAreRefusedNamingTheArgumentAndNothingIsCounted() {
        Factory<String, String, String> factory = start(builder -> { });
        assertThatThrownBy(() -> factory.dispatchAfter("k", "m", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> factory.dispatchAt("k", "m", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("at");
        assertThat(factory.stats().submitted()).isZero();
    }

    /**
     * Jobs due around the moment a drain begins or times out, on the system clock: each ends exactly once (ran, or
     * discarded with reason shutdown), and the drain accounts for all of them.
     */
    @ParameterizedTest
    @EnumSource(DelayedJobsAtDrain.class)
    void delayedJobsRacingWithADrainEndExactlyOnce(DelayedJobsAtDrain policy) throws Exception {
        Set<String> ranOnce = ConcurrentHashMap.newKeySet();
        List<String> ranTwice = new CopyOnWriteArrayList<>();
        Set<String> discardedOnce = ConcurrentHashMap.newKeySet();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet(); // in flight at the drain's timeout
        Factory<String, String, String> factory = Factory.<String, String, String>builder("delayed-race")
                .workerBuilder(id -> job -> {
                    if (!ranOnce.add(job.message())) {
                        ranTwice.add(job.message());
                    }
                    return job.message();
                })
                .workers(2)
                .delayedJobsAtDrain(policy)
                .discardHandler((Job<String, String> job, DiscardReason reason) -> discardedOnce.add(job.message()))
                .failureHandler((Job<String, String> job, Throwable error) -> failedOnce.add(job.message()))
                .build().start();
        started.add(factory);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            factory.dispatchAfter("k" + (i % 5), "m" + i, Duration.ofNanos((i % 40) * 100_000L));
        }
        FactoryStats stats = factory.drain(Duration.ofMillis(2)).get(10, TimeUnit.SECONDS);

        assertThat(ranTwice).isEmpty();
        assertThat(stats.outstanding()).isZero();
        assertThat(stats.submitted()).isEqualTo(n);
        assertThat(discardedOnce).hasSize((int) stats.discarded());
        assertThat(failedOnce).hasSize((int) stats.failed());
        assertThat(ranOnce).doesNotContainAnyElementsOf(discardedOnce);
        assertThat(failedOnce).doesNotContainAnyElementsOf(discardedOnce);
        Set<String> ended = new java.util.HashSet<>(ranOnce);
        ended.addAll(discardedOnce);
        ended.addAll(failedOnce); // (a job taken when the drain timed out fails, run or not)
        assertThat(ended).hasSize(n);
        assertThat(stats.scheduled()).isZero();
    }
}
