package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.factory.worker.WorkerBuilder;

/** Settings changed while the factory runs ({@link FactoryRef#updateSettings}) and factories sized to 0 workers. */
class RuntimeSettingsTest {

    private final List<Factory<?, ?, ?>> started = new ArrayList<>();
    private final List<String> discarded = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(factory -> factory.stop().join());
    }

    private Factory.Builder<String, String, String> builder(String name, WorkerBuilder<String, String, String> workers,
            int count, RoutingMode mode) {
        return Factory.<String, String, String>builder(name)
                .workerBuilder(workers)
                .workers(count)
                .maxWorkers(Math.max(3, count))
                .routing(mode)
                .discardHandler((Job<String, String> job, DiscardReason reason) ->
                        discarded.add(job.message() + ":" + reason.tagValue()));
    }

    private Factory<String, String, String> start(Factory.Builder<String, String, String> builder) {
        Factory<String, String, String> factory = builder.build().start();
        started.add(factory);
        return factory;
    }

    private static FactoryStats drained(Factory<String, String, String> factory) throws Exception {
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(stats.outstanding()).isZero();
        assertThat(stats.submitted()).isEqualTo(stats.completed() + stats.failed() + stats.discarded());
        return stats;
    }

    // ------------------------------------------------------------------ each change, applied and shown

    @Test
    void eachChangeIsAppliedAndShownInTheSettingsInEffect() throws Exception {
        Factory<String, String, String> factory = start(builder("shown", new BlockingWorkers(1), 1,
                RoutingMode.KEY_PERSISTENT));
        RateLimiter limiter = new RateLimiter(5, Duration.ofSeconds(1), 10);
        Map<String, Object> after = factory.updateSettings(SettingsChange.builder()
                .discardLimit(50, DiscardMode.NEWEST)
                .rateLimiter(limiter)
                .defaultJobTtl(Duration.ofSeconds(7))
                .deadMansSwitch(new DeadMansSwitch(Duration.ofSeconds(20), true, Duration.ofSeconds(3)))
                .build());
        assertThat(after).containsEntry("discard.limit", 50).containsEntry("discard.mode", "newest")
                .containsEntry("rate-limit", limiter.toString()).containsEntry("job-ttl", "PT7S")
                .containsEntry("dead-mans-switch.timeout", "PT20S").containsEntry("dead-mans-switch.kill", true)
                .containsEntry("dead-mans-switch.grace", "PT3S");
        assertThat(factory.settingsInEffect()).isEqualTo(after);
        assertThat(factory.stats().queueLimit()).isEqualTo(50);

        // a change names only what changes: the rest is kept
        assertThat(factory.updateSettings(SettingsChange.builder().discardMode(DiscardMode.OLDEST).build()))
                .containsEntry("discard.limit", 50).containsEntry("discard.mode", "oldest")
                .containsEntry("job-ttl", "PT7S");

        Map<String, Object> removed = factory.updateSettings(SettingsChange.builder()
                .unlimitedQueue().noRateLimiter().noDefaultJobTtl().noDeadMansSwitch().build());
        assertThat(removed).containsEntry("discard.limit", "unlimited").containsEntry("rate-limit", "none")
                .containsEntry("job-ttl", "none").containsEntry("dead-mans-switch.timeout", "off")
                .containsEntry("discard.mode", "oldest");
        assertThat(factory.call("k", "after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        drained(factory);
    }

    @Test
    void invalidValuesAreRefusedNamingTheArgumentAndNothingChanges() throws Exception {
        Factory<String, String, String> factory = start(builder("refused", new BlockingWorkers(1), 1,
                RoutingMode.QUEUER).discardLimit(10, DiscardMode.OLDEST).defaultJobTtl(Duration.ofSeconds(5)));
        Map<String, Object> before = factory.settingsInEffect();

        SettingsChange.Builder change = SettingsChange.builder().discardMode(DiscardMode.NEWEST);
        assertThatThrownBy(() -> change.discardLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1, was 0");
        assertThatThrownBy(() -> change.discardLimit(-5, DiscardMode.OLDEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be at least 1");
        assertThatThrownBy(() -> change.defaultJobTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, was PT0S");
        assertThatThrownBy(() -> change.defaultJobTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be positive");
        assertThatThrownBy(() -> change.discardMode(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mode");
        assertThatThrownBy(() -> change.rateLimiter(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("rateLimiter");
        assertThatThrownBy(() -> new RateLimiter(0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refill must be at least 1");
        assertThatThrownBy(() -> new DeadMansSwitch(Duration.ZERO, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> SettingsChange.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("change must set at least one setting");
        assertThatThrownBy(() -> factory.updateSettings(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("change");
        assertThat(factory.settingsInEffect()).isEqualTo(before);

        drained(factory);
        assertThatThrownBy(() -> factory.updateSettings(SettingsChange.builder().discardLimit(3).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
        assertThat(factory.settingsInEffect()).containsEntry("discard.limit", 10);
    }

    @Test
    void aChangeIsLoggedAtInfoInOneLineFromTo() throws Exception {
        ch.qos.logback.classic.Logger factoryLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Factory.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ch.qos.logback.classic.Level level = factoryLog.getLevel();
        factoryLog.setLevel(ch.qos.logback.classic.Level.INFO);
        factoryLog.addAppender(logged);
        try {
            Factory<String, String, String> factory = start(builder("logged", new BlockingWorkers(1), 1,
                    RoutingMode.QUEUER).discardLimit(10, DiscardMode.OLDEST));
            factory.updateSettings(SettingsChange.builder().discardLimit(20).defaultJobTtl(Duration.ofSeconds(9))
                    .discardMode(DiscardMode.OLDEST).build());
            assertThat(logged.list).filteredOn(event -> event.getFormattedMessage().contains("settings changed"))
                    .singleElement().satisfies(event -> {
                        assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
                        assertThat(event.getFormattedMessage()).isEqualTo("Factory 'logged' settings changed: "
                                + "discard.limit 10 \u2192 20, job-ttl none \u2192 PT9S");
                    });
            drained(factory);
        } finally {
            factoryLog.detachAppender(logged);
            factoryLog.setLevel(level);
        }
    }

    // ------------------------------------------------------------------ the queue limit

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER", "ROUND_ROBIN"})
    void loweringTheLimitBelowTheDepthShedsTheOldestSurplusAsLoadShed(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        // unlimited at the start: the queued jobs went through the lock-free inboxes
        Factory<String, String, String> factory = start(builder("lowered", workers, 1, mode));
        CompletableFuture<String> block = factory.call("blocker", "block");
        workers.awaitBlocked();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(factory.call("k" + i, "m" + i));
        }
        factory.updateSettings(SettingsChange.builder().discardLimit(3, DiscardMode.OLDEST).build());

        assertThat(discarded).containsExactly("m0:load-shed", "m1:load-shed", "m2:load-shed", "m3:load-shed",
                "m4:load-shed", "m5:load-shed", "m6:load-shed");
        for (int i = 0; i < 7; i++) {
            assertThat(calls.get(i)).isCompletedExceptionally();
            assertThatThrownBy(calls.get(i)::join).cause().isInstanceOf(JobDiscardedException.class);
        }
        assertThat(factory.queueDepth()).isEqualTo(3);
        // and the next job finds the queue full (the oldest queued one gives way)
        assertThat(factory.dispatch("k10", "m10").isAccepted()).isTrue();
        assertThat(discarded).hasSize(8).endsWith("m7:load-shed");

        workers.release();
        assertThat(block.get(10, TimeUnit.SECONDS)).isEqualTo("block");
        FactoryStats stats = drained(factory);
        assertThat(workers.ran).containsExactly("block", "m8", "m9", "m10");
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.LOAD_SHED, 8L);
        assertThat(stats.completed()).isEqualTo(4);
    }

    @Test
    void loweringTheLimitWithNewestModeKeepsTheOldestAndRemovingItStopsShedding() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(builder("newest", workers, 1, RoutingMode.KEY_PERSISTENT)
                .discardLimit(100, DiscardMode.OLDEST));
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        for (int i = 0; i < 5; i++) {
            factory.dispatch("k", "m" + i);
        }
        factory.updateSettings(SettingsChange.builder().discardLimit(2, DiscardMode.NEWEST).build());
        assertThat(discarded).containsExactly("m4:load-shed", "m3:load-shed", "m2:load-shed");
        assertThat(factory.dispatch("k", "refused").reason()).isEqualTo(DiscardReason.LOAD_SHED);

        factory.updateSettings(SettingsChange.builder().unlimitedQueue().build());
        for (int i = 5; i < 8; i++) {
            assertThat(factory.dispatch("k", "m" + i).isAccepted()).isTrue();
        }
        assertThat(factory.availableCapacity()).isEqualTo(Integer.MAX_VALUE);
        workers.release();
        drained(factory);
        assertThat(workers.ran).containsExactly("block", "m0", "m1", "m5", "m6", "m7");
        assertThat(discarded).containsExactly("m4:load-shed", "m3:load-shed", "m2:load-shed", "refused:load-shed");
    }

    @Test
    void aLimitControllerAndAnOperatorChangeTheSameLimit() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        Factory<String, String, String> factory = start(builder("controlled", new BlockingWorkers(1), 1,
                RoutingMode.QUEUER).discardLimit(100, DiscardMode.OLDEST)
                .discardLimitController((current, stats) -> {
                    polls.incrementAndGet();
                    return current; // keeps whatever is in force
                }, Duration.ofMillis(5)));
        factory.updateSettings(SettingsChange.builder().discardLimit(7).build());
        int seen = polls.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls.get() > seen + 1);
        assertThat(factory.settingsInEffect()).containsEntry("discard.limit", 7);
        assertThat(factory.stats().queueLimit()).isEqualTo(7);
        drained(factory);
    }

    // ------------------------------------------------------------------ rate limit, TTL, dead man's switch

    @Test
    void aNewRateLimiterReplacesTheBucketAndNoneRemovesIt() throws Exception {
        Factory<String, String, String> factory = start(builder("rated", new BlockingWorkers(1), 1,
                RoutingMode.KEY_PERSISTENT));
        factory.updateSettings(SettingsChange.builder()
                .rateLimiter(new RateLimiter(1, Duration.ofHours(1), 2)).build());
        assertThat(factory.dispatch("k", "a").isAccepted()).isTrue();
        assertThat(factory.dispatch("k", "b").isAccepted()).isTrue();
        assertThat(factory.dispatch("k", "c").reason()).isEqualTo(DiscardReason.RATE_LIMITED);
        // a fresh bucket starts full
        factory.updateSettings(SettingsChange.builder()
                .rateLimiter(new RateLimiter(1, Duration.ofHours(1), 1)).build());
        assertThat(factory.dispatch("k", "d").isAccepted()).isTrue();
        assertThat(factory.dispatch("k", "e").reason()).isEqualTo(DiscardReason.RATE_LIMITED);
        factory.updateSettings(SettingsChange.builder().noRateLimiter().build());
        for (int i = 0; i < 20; i++) {
            assertThat(factory.dispatch("k", "f" + i).isAccepted()).isTrue();
        }
        FactoryStats stats = drained(factory);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.RATE_LIMITED, 2L);
    }

    @Test
    void aNewDefaultTtlAppliesToLaterJobsWhileQueuedJobsKeepTheirDeadline() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(builder("ttl", workers, 1, RoutingMode.KEY_PERSISTENT)
                .defaultJobTtl(Duration.ofHours(1)));
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        CompletableFuture<String> before = factory.call("k", "before"); // accepted with a one-hour deadline
        factory.updateSettings(SettingsChange.builder().defaultJobTtl(Duration.ofMillis(1)).build());
        CompletableFuture<String> after = factory.call("k", "after");
        long expired = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > expired);
        factory.updateSettings(SettingsChange.builder().noDefaultJobTtl().build());
        CompletableFuture<String> none = factory.call("k", "none");
        workers.release();
        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo("before");
        assertThatThrownBy(() -> after.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(JobDiscardedException.class)
                .hasMessageContaining("ttl");
        assertThat(none.get(10, TimeUnit.SECONDS)).isEqualTo("none");
        drained(factory);
        assertThat(discarded).containsExactly("after:ttl-expired");
    }

    @Test
    void aDeadMansSwitchSwitchedOnAtRunTimeKillsAStuckWorker() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        // no stats listener, interceptor or switch at the start: the factory records no timings until the switch
        Factory<String, String, String> factory = start(builder("switched", id -> job -> {
            if (job.message().equals("stuck")) {
                never.await();
            }
            return job.message();
        }, 1, RoutingMode.KEY_PERSISTENT));
        assertThat(factory.call("k", "fine").get(10, TimeUnit.SECONDS)).isEqualTo("fine");
        factory.updateSettings(SettingsChange.builder()
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(50), true)).build());
        CompletableFuture<String> stuck = factory.call("k", "stuck");
        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(WorkerKilledException.class);
        assertThat(factory.call("k", "next").get(10, TimeUnit.SECONDS)).isEqualTo("next");

        factory.updateSettings(SettingsChange.builder().noDeadMansSwitch().build());
        assertThat(factory.settingsInEffect()).containsEntry("dead-mans-switch.timeout", "off");
        drained(factory);
    }

    // ------------------------------------------------------------------ 0 workers

    /** Workers recording the order of each key's jobs, and how many instances are alive (started, not stopped). */
    private static final class CountedWorkers implements WorkerBuilder<String, String, String> {
        final AtomicInteger alive = new AtomicInteger();
        final Map<String, List<String>> byKey = new ConcurrentHashMap<>();
        final List<String> ran = new CopyOnWriteArrayList<>();

        @Override
        public Worker<String, String, String> build(int workerId) {
            return new Worker<>() {
                @Override
                public void onStart(dev.actorfactory.factory.worker.WorkerContext<String, String> context) {
                    alive.incrementAndGet();
                }

                @Override
                public String handle(Job<String, String> job) {
                    byKey.computeIfAbsent(job.key(), key -> new CopyOnWriteArrayList<>()).add(job.message());
                    ran.add(job.message());
                    return job.message();
                }

                @Override
                public void onStop() {
                    alive.decrementAndGet();
                }
            };
        }
    }

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void sizedToZeroJobsQueueUntilItGrowsThenRunInPerKeyOrder(RoutingMode mode) throws Exception {
        CountedWorkers workers = new CountedWorkers();
        Factory.Builder<String, String, String> builder = builder("zero-" + mode, workers, 3, mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, count) -> Math.floorMod(key.hashCode(), count));
        }
        Factory<String, String, String> factory = start(builder);
        factory.resize(0);
        assertThat(factory.workerCount()).isZero();
        assertThat(factory.settingsInEffect()).containsEntry("workers", 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.alive.get() == 0); // instances stopped

        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(factory.call("key" + (i % 5), (i % 5) + ":" + i));
        }
        assertThat(factory.queueDepth()).isEqualTo(40);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> workers.ran.isEmpty());
        assertThat(factory.stats().workers()).isZero();

        factory.resize(2);
        assertThat(factory.workerCount()).isEqualTo(2);
        for (CompletableFuture<String> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        if (mode.isKeyOrdered()) {
            for (int k = 0; k < 5; k++) {
                List<String> expected = new ArrayList<>();
                for (int i = k; i < 40; i += 5) {
                    expected.add(k + ":" + i);
                }
                assertThat(workers.byKey.get("key" + k)).containsExactlyElementsOf(expected);
            }
        }
        assertThat(workers.ran).hasSize(40);
        FactoryStats stats = drained(factory);
        assertThat(stats.completed()).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER", "ROUND_ROBIN"})
    void atZeroWorkersTheQueueLimitAndTtlStillApply(RoutingMode mode) throws Exception {
        CountedWorkers workers = new CountedWorkers();
        Factory<String, String, String> factory = start(builder("zero-limit-" + mode, workers, 2, mode)
                .discardLimit(3, DiscardMode.OLDEST));
        factory.resize(0);
        for (int i = 0; i < 5; i++) {
            factory.dispatch("k", "m" + i); // at 0 workers no free worker is exempt: 3 fit
        }
        assertThat(discarded).containsExactly("m0:load-shed", "m1:load-shed");
        CompletableFuture<String> stale = factory.call("k", "stale", JobOptions.defaults()
                .withTtl(Duration.ofMillis(1)));
        assertThat(discarded).hasSize(3).endsWith("m2:load-shed");
        long expired = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > expired);
        factory.resize(1);
        assertThatThrownBy(() -> stale.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(JobDiscardedException.class);
        drained(factory);
        assertThat(workers.ran).containsExactly("m3", "m4");
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER", "RANDOM"})
    void aDrainAtZeroWorkersLetsRunningJobsFinishAndDiscardsTheQueuedOnes(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(builder("zero-drain-" + mode, workers, 2, mode));
        CompletableFuture<String> running = factory.call("blocker", "block");
        workers.awaitBlocked();
        factory.resize(0);
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queued.add(factory.call("k" + (i % 3), "m" + i));
        }
        CompletableFuture<FactoryStats> drain = factory.drain(Duration.ofMinutes(5));
        for (CompletableFuture<String> call : queued) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(JobDiscardedException.class).hasMessageContaining("shutdown");
        }
        assertThat(drain).isNotDone(); // the running job still holds it
        workers.release();
        FactoryStats stats = drain.get(10, TimeUnit.SECONDS); // long before the five minutes
        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("block");
        assertThat(stats.outstanding()).isZero();
        assertThat(stats.submitted()).isEqualTo(11);
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.SHUTDOWN, 10L);
        assertThat(workers.ran).containsExactly("block");
    }

    @Test
    void aFactoryBuiltWithZeroWorkersQueuesUntilItGrows() throws Exception {
        CountedWorkers workers = new CountedWorkers();
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("built-zero")
                .workerBuilder(workers).workers(0).routing(RoutingMode.KEY_PERSISTENT));
        assertThat(factory.workerCount()).isZero();
        assertThat(factory.settingsInEffect()).containsEntry("workers", 0).containsEntry("max-workers", 1);
        CompletableFuture<String> first = factory.call("k", "first");
        CompletableFuture<String> second = factory.call("k", "second");
        assertThat(workers.alive.get()).isZero();
        assertThat(first).isNotDone();
        factory.resize(1);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(workers.ran).containsExactly("first", "second");
        drained(factory);
        assertThatThrownBy(() -> Factory.builder("x").workers(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers must be at least 0");
    }
}
