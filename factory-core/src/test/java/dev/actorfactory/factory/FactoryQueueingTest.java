package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;

/** Queues, priorities, load shedding, TTL, rate limiting and backpressure. */
class FactoryQueueingTest {

    private final List<Factory<?, ?, ?>> started = new ArrayList<>();
    private final List<String> discarded = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(factory -> factory.stop().join());
    }

    /** One worker (so the queue order is the run order), recording discards as "message:reason". */
    private Factory.Builder<String, String, String> oneWorker(String name, BlockingWorkers workers, RoutingMode mode) {
        return Factory.<String, String, String>builder(name)
                .workerBuilder(workers)
                .workers(1)
                .routing(mode)
                .discardHandler((Job<String, String> job, DiscardReason reason) ->
                        discarded.add(job.message() + ":" + reason.tagValue()));
    }

    private Factory<String, String, String> start(Factory.Builder<String, String, String> builder) {
        Factory<String, String, String> factory = builder.build().start();
        started.add(factory);
        return factory;
    }

    private static void drained(Factory<String, String, String> factory) throws Exception {
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(stats.outstanding()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER"})
    void priorityQueueServesTheHighestLevelFirstAndFifoWithinALevel(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("priority", workers, mode)
                .queue(QueueKind.priority(3)));
        factory.dispatch("k0", "block");
        workers.awaitBlocked();
        String[] messages = {"low-1", "high-1", "mid-1", "high-2", "low-2", "mid-2"};
        int[] priorities = {0, 2, 1, 2, 0, 1};
        for (int i = 0; i < messages.length; i++) {
            // distinct keys, so sticky routing does not bind them to the blocked worker's key
            factory.dispatch("k" + (i + 1), messages[i], JobOptions.defaults().withPriority(priorities[i]));
        }
        workers.release();
        drained(factory);
        assertThat(workers.ran).containsExactly("block", "high-1", "high-2", "mid-1", "mid-2", "low-1", "low-2");
    }

    @Test
    void priorityFunctionAppliesToJobsSubmittedWithoutAPriority() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("priority-fn", workers, RoutingMode.QUEUER)
                .queue(QueueKind.priority(2))
                .priorityFunction((key, message) -> message.startsWith("vip") ? 1 : 0));
        factory.dispatch("a", "block");
        workers.awaitBlocked();
        factory.dispatch("b", "normal");
        factory.dispatch("c", "vip");
        factory.dispatch("d", "explicit-low", JobOptions.defaults().withPriority(0));
        workers.release();
        drained(factory);
        assertThat(workers.ran).containsExactly("block", "vip", "normal", "explicit-low");
    }

    @Test
    void aPriorityOutsideTheLevelsIsRejectedAndNothingIsSubmitted() {
        Factory<String, String, String> factory = start(oneWorker("levels", new BlockingWorkers(0),
                RoutingMode.QUEUER).queue(QueueKind.priority(3)));
        assertThatThrownBy(() -> factory.dispatch("a", "x", JobOptions.defaults().withPriority(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority")
                .hasMessageContaining("between 0 and 2");
        assertThat(factory.stats().submitted()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "QUEUER"})
    void discardOldestDropsTheOldestQueuedJobs(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("oldest", workers, mode)
                .discardLimit(3, DiscardMode.OLDEST));
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            calls.add(factory.call("k", "job-" + i));
        }
        assertThat(discarded).containsExactly("job-1:load-shed", "job-2:load-shed");
        assertThatThrownBy(() -> calls.get(0).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(JobDiscardedException.class).hasMessageStartingWith("discarded: load-shed")
                .extracting(error -> ((JobDiscardedException) error).reason()).isEqualTo(DiscardReason.LOAD_SHED);
        workers.release();
        drained(factory);
        assertThat(workers.ran).containsExactly("block", "job-3", "job-4", "job-5");
        assertThat(factory.stats().discardedByReason()).containsEntry(DiscardReason.LOAD_SHED, 2L);
    }

    /** ractor's factory test: a burst into idle workers only sheds what exceeds the idle workers plus the limit. */
    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"QUEUER", "STICKY_QUEUER"})
    void aBurstIntoIdleWorkersShedsOnlyWhatExceedsTheIdleWorkersPlusTheLimit(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(3);
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("burst-" + mode)
                .workerBuilder(workers)
                .workers(3)
                .routing(mode)
                .discardLimit(5, DiscardMode.NEWEST));
        List<DispatchResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(factory.dispatch("k" + i, "block"));
        }
        assertThat(results.subList(0, 8)).allMatch(DispatchResult::isAccepted);
        assertThat(results.subList(8, 10)).extracting(DispatchResult::reason).containsOnly(DiscardReason.LOAD_SHED);
        workers.release();
        drained(factory);
        assertThat(factory.stats().completed()).isEqualTo(8);
    }

    /** {@code availableCapacity()} is exact: a burst of that many jobs is never shed, one more is. */
    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"QUEUER", "STICKY_QUEUER", "ROUND_ROBIN", "RANDOM"})
    void aBurstOfTheAvailableCapacityIsNeverShed(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("capacity-" + mode)
                .workerBuilder(workers)
                .workers(4)
                .routing(mode)
                .discardLimit(3, DiscardMode.NEWEST));
        int capacity = factory.availableCapacity();
        assertThat(capacity).as("4 idle workers, each (or the factory queue) with room for 3")
                .isEqualTo(mode.queuesAtWorker() ? 4 * (3 + 1) : 3 + 4);
        for (int i = 0; i < capacity; i++) {
            assertThat(factory.dispatch("k" + i, "block").isAccepted()).as("job %s", i).isTrue();
        }
        assertThat(factory.availableCapacity()).isZero();
        assertThat(factory.dispatch("one-more", "block").reason()).isEqualTo(DiscardReason.LOAD_SHED);
        workers.release();
        drained(factory);
        assertThat(factory.stats().completed()).isEqualTo(capacity);
    }

    @Test
    void discardNewestRejectsTheIncomingJob() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("newest", workers, RoutingMode.KEY_PERSISTENT)
                .discardLimit(2, DiscardMode.NEWEST));
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        assertThat(factory.dispatch("k", "job-1").isAccepted()).isTrue();
        assertThat(factory.dispatch("k", "job-2").isAccepted()).isTrue();
        assertThat(factory.dispatch("k", "job-3").reason()).isEqualTo(DiscardReason.LOAD_SHED);
        assertThat(factory.availableCapacity()).isZero();
        workers.release();
        drained(factory);
        assertThat(workers.ran).containsExactly("block", "job-1", "job-2");
        assertThat(discarded).containsExactly("job-3:load-shed");
    }

    @Test
    void loadSheddingDropsTheLowestPriorityFirst() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("shed-low", workers, RoutingMode.QUEUER)
                .queue(QueueKind.priority(2))
                .discardLimit(2, DiscardMode.NEWEST));
        factory.dispatch("a", "block");
        workers.awaitBlocked();
        factory.dispatch("b", "low-1", JobOptions.defaults().withPriority(0));
        factory.dispatch("c", "high-1", JobOptions.defaults().withPriority(1));
        // full: a high job pushes out the (newest) low one; a low job is itself the lowest and is refused
        assertThat(factory.dispatch("d", "high-2", JobOptions.defaults().withPriority(1)).isAccepted()).isTrue();
        assertThat(factory.dispatch("e", "low-2", JobOptions.defaults().withPriority(0)).isAccepted()).isFalse();
        workers.release();
        drained(factory);
        assertThat(discarded).containsExactly("low-1:load-shed", "low-2:load-shed");
        assertThat(workers.ran).containsExactly("block", "high-1", "high-2");
    }

    @Test
    void aDynamicLimitControllerChangesTheLimit() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("dynamic", workers, RoutingMode.QUEUER)
                .discardLimit(100, DiscardMode.NEWEST)
                .discardLimitController((current, stats) -> 1, Duration.ofMillis(5)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> factory.stats().queueLimit() == 1);
        factory.dispatch("a", "block");
        workers.awaitBlocked();
        assertThat(factory.dispatch("b", "one").isAccepted()).isTrue();
        assertThat(factory.dispatch("c", "two").reason()).isEqualTo(DiscardReason.LOAD_SHED);
        workers.release();
        drained(factory);
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "STICKY_QUEUER"})
    void aJobWhoseTtlPassedWhileQueuedIsDiscardedAndNeverRuns(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("ttl", workers, mode));
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        CompletableFuture<String> stale = factory.call("k", "stale", JobOptions.defaults()
                .withTtl(Duration.ofMillis(1)));
        CompletableFuture<String> fresh = factory.call("k", "fresh");
        // let the TTL pass (measured, not slept), then let the worker go on
        long expired = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > expired);
        workers.release();
        assertThat(fresh.get(10, TimeUnit.SECONDS)).isEqualTo("fresh");
        assertThatThrownBy(() -> stale.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(JobDiscardedException.class).hasMessageContaining("ttl-expired");
        drained(factory);
        assertThat(workers.ran).containsExactly("block", "fresh");
        assertThat(discarded).containsExactly("stale:ttl-expired");
    }

    @Test
    void theDefaultJobTtlAppliesAndTheSweepDiscardsWithoutAWorkerFreeingUp() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("ttl-sweep", workers, RoutingMode.QUEUER)
                .defaultJobTtl(Duration.ofMillis(5))
                .pingInterval(Duration.ofMillis(10)));
        // the blocker has a TTL of its own: on a busy machine its worker may take longer than 5 ms to wake up
        factory.dispatch("a", "block", JobOptions.defaults().withTtl(Duration.ofMinutes(1)));
        workers.awaitBlocked();
        CompletableFuture<String> stale = factory.call("b", "stale");
        // the worker stays blocked: the periodic sweep must discard the job on its own
        assertThatThrownBy(() -> stale.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(JobDiscardedException.class).hasMessageContaining("ttl-expired");
        workers.release();
        drained(factory);
    }

    @Test
    void excessJobsAreRateLimited() throws Exception {
        Factory<String, String, String> factory = start(oneWorker("rate", new BlockingWorkers(0), RoutingMode.QUEUER)
                .rateLimiter(new RateLimiter(1, Duration.ofHours(1), 2)));
        assertThat(factory.dispatch("a", "1").isAccepted()).isTrue();
        assertThat(factory.dispatch("a", "2").isAccepted()).isTrue();
        CompletableFuture<String> third = factory.call("a", "3");
        assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(JobDiscardedException.class).hasMessageContaining("rate-limited");
        drained(factory);
        assertThat(discarded).containsExactly("3:rate-limited");
        assertThat(factory.stats().discardedByReason()).containsEntry(DiscardReason.RATE_LIMITED, 1L);
    }

    @Test
    void aWaitingDispatchWaitsForARateLimitToken() throws Exception {
        Factory<String, String, String> factory = start(oneWorker("rate-wait", new BlockingWorkers(0),
                RoutingMode.QUEUER).rateLimiter(new RateLimiter(1, Duration.ofMillis(20), 1)));
        for (int i = 0; i < 5; i++) {
            assertThat(factory.dispatchWaiting("a", "job-" + i, JobOptions.defaults(), Duration.ofSeconds(10))
                    .isAccepted()).isTrue();
        }
        drained(factory);
        assertThat(factory.stats().completed()).isEqualTo(5);
    }

    @Test
    void aWaitingDispatchWaitsForQueueRoomInsteadOfShedding() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("backpressure", workers, RoutingMode.QUEUER)
                .discardLimit(1, DiscardMode.OLDEST));
        factory.dispatch("a", "block");
        workers.awaitBlocked();
        factory.dispatch("b", "queued");
        CompletableFuture<DispatchResult> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return factory.dispatchWaiting("c", "waited", JobOptions.defaults(), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting).isNotDone();
        workers.release(); // frees the queue slot
        assertThat(waiting.get(10, TimeUnit.SECONDS).isAccepted()).isTrue();
        drained(factory);
        assertThat(workers.ran).containsExactly("block", "queued", "waited");
        assertThat(discarded).isEmpty();
    }

    @Test
    void aWaitingDispatchThatRunsOutOfPatienceShedsLikeAPlainDispatch() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(oneWorker("impatient", workers, RoutingMode.QUEUER)
                .discardLimit(1, DiscardMode.NEWEST));
        factory.dispatch("a", "block");
        workers.awaitBlocked();
        factory.dispatch("b", "queued");
        DispatchResult result = factory.dispatchWaiting("c", "gave-up", JobOptions.defaults(), Duration.ofMillis(20));
        assertThat(result.reason()).isEqualTo(DiscardReason.LOAD_SHED);
        workers.release();
        drained(factory);
        assertThat(discarded).containsExactly("gave-up:load-shed");
    }
}
