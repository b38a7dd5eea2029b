package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;

/** Job ids and headers; withdrawing queued jobs by id, by cancelling a call's future, and by a call's timeout. */
class JobIdentityAndCancellationTest {

    private final List<Factory<?, ?, ?>> started = new ArrayList<>();
    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final Map<Long, Job<String, String>> discardedJobs = new ConcurrentHashMap<>();

    @AfterEach
    void stopAll() {
        started.forEach(factory -> factory.stop().join());
    }

    private Factory<String, String, String> start(BlockingWorkers workers, RoutingMode mode, int count) {
        Factory.Builder<String, String, String> builder = Factory.<String, String, String>builder("jobs")
                .workerBuilder(workers)
                .workers(count)
                .routing(mode)
                .discardHandler((Job<String, String> job, DiscardReason reason) -> {
                    discardedJobs.put(job.id(), job);
                    discarded.add(job.message() + ":" + reason.tagValue());
                });
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> 0);
        }
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

    // ------------------------------------------------------------------ identity

    @Test
    void everyJobHasAUniqueIdThatTheWorkerTheDiscardHandlerAndTheCallerSee() throws Exception {
        Map<String, Long> seenByWorker = new ConcurrentHashMap<>();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("ids")
                .workerBuilder(id -> job -> {
                    seenByWorker.put(job.message(), job.id());
                    return job.message();
                })
                .workers(2)
                .build().start();
        started.add(factory);
        Map<String, Long> returned = new ConcurrentHashMap<>();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    String message = producer + "-" + i;
                    returned.put(message, factory.dispatch("k" + i, message).jobId());
                }
            });
            producers.add(thread);
            thread.start();
        }
        for (Thread thread : producers) {
            thread.join();
        }
        JobFuture<String> call = factory.call("k", "the-call");
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("the-call");
        drained(factory);

        assertThat(returned).hasSize(1500);
        assertThat(new HashSet<>(returned.values())).hasSize(1500).allMatch(id -> id > 0)
                .doesNotContain(call.jobId());
        assertThat(seenByWorker).containsAllEntriesOf(returned);
        assertThat(seenByWorker.get("the-call")).isEqualTo(call.jobId());
    }

    @Test
    void aRetryKeepsItsJobsIdAndADiscardedJobReportsTheIdDispatchReturned() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("retry-ids")
                .workerBuilder(id -> job -> {
                    attempts.add(job.id() + "#" + job.attempt());
                    if (job.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return "ok";
                })
                .workers(1)
                .retryPolicy(RetryPolicy.times(1))
                .build().start();
        started.add(factory);
        JobFuture<String> call = factory.call("k", "m");
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(attempts).containsExactly(call.jobId() + "#1", call.jobId() + "#2");

        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> limited = Factory.<String, String, String>builder("shed-ids")
                .workerBuilder(workers)
                .workers(1)
                .routing(RoutingMode.QUEUER)
                .discardLimit(1, DiscardMode.NEWEST)
                .discardHandler((Job<String, String> job, DiscardReason reason) -> discardedJobs.put(job.id(), job))
                .build().start();
        started.add(limited);
        limited.dispatch("a", "block");
        workers.awaitBlocked();
        limited.dispatch("a", "queued");
        DispatchResult shed = limited.dispatch("a", "shed");
        assertThat(shed.reason()).isEqualTo(DiscardReason.LOAD_SHED);
        assertThat(discardedJobs).containsKey(shed.jobId());
        assertThat(discardedJobs.get(shed.jobId()).message()).isEqualTo("shed");
        workers.release();
    }

    @Test
    void headersTravelWithTheJobToTheWorkerAndTheDiscardHandler() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Map<String, Map<String, String>> headersSeen = new ConcurrentHashMap<>();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("headers")
                .workerBuilder(id -> job -> {
                    headersSeen.put(job.message(), job.headers());
                    return workers.build(id).handle(job);
                })
                .workers(1)
                .discardHandler((Job<String, String> job, DiscardReason reason) -> discardedJobs.put(job.id(), job))
                .build().start();
        started.add(factory);
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        JobOptions traced = JobOptions.defaults().withHeader("trace-id", "t-1").withHeader("tenant", "acme");
        factory.dispatch("k", "ran", traced);
        long cancelled = factory.dispatch("k", "cancelled", traced.withHeader("tenant", "umbrella")).jobId();
        assertThat(factory.cancel(cancelled)).isTrue();
        workers.release();
        drained(factory);

        assertThat(headersSeen.get("ran")).containsExactly(Map.entry("trace-id", "t-1"), Map.entry("tenant", "acme"));
        assertThat(headersSeen.get("block")).isEmpty();
        assertThat(discardedJobs.get(cancelled).headers()).containsEntry("tenant", "umbrella");
    }

    @Test
    void badHeadersAreRefusedNamingTheArgument() {
        assertThatThrownBy(() -> JobOptions.defaults().withHeader(" ", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> JobOptions.defaults().withHeader("n", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("value");
        java.util.Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("tenant", null);
        assertThatThrownBy(() -> JobOptions.defaults().withHeaders(withNull))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tenant");
    }

    // ------------------------------------------------------------------ cancel(jobId)

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void cancellingAQueuedJobWithdrawsItAndKeepsTheOrderOfTheOthers(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(workers, mode, 1);
        long blocker = factory.dispatch("k", "block").jobId();
        workers.awaitBlocked();
        factory.dispatch("k", "a1");
        long a2 = factory.dispatch("k", "a2").jobId();
        factory.dispatch("k", "a3");
        factory.dispatch("other", "b1");

        assertThat(factory.cancel(a2)).isTrue();
        assertThat(factory.cancel(a2)).as("a second cancel finds nothing").isFalse();
        assertThat(factory.cancel(blocker)).as("a running job is not withdrawn").isFalse();
        assertThat(factory.cancel(-7)).as("an unknown id").isFalse();
        assertThat(factory.queueDepth()).isEqualTo(3);
        workers.release();
        FactoryStats stats = drained(factory);

        assertThat(workers.ran).containsExactlyInAnyOrder("block", "a1", "a3", "b1");
        assertThat(workers.ran.stream().filter(message -> message.startsWith("a")).toList())
                .containsExactly("a1", "a3");
        assertThat(discarded).containsExactly("a2:cancelled");
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.CANCELLED, 1L);
        assertThat(stats.completed()).isEqualTo(4);
    }

    @Test
    void aRetryWaitingOutItsBackoffCanBeCancelled() throws Exception {
        CountDownLatch failedOnce = new CountDownLatch(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("backoff-cancel")
                .workerBuilder(id -> job -> {
                    failedOnce.countDown();
                    throw new IllegalStateException("always fails");
                })
                .workers(1)
                .routing(RoutingMode.ROUND_ROBIN) // a retry waits on the scheduler, in no queue
                .retryPolicy(RetryPolicy.times(3).withBackoff(dev.actorfactory.supervision.Backoff.fixed(
                        Duration.ofHours(1))))
                .build().start();
        started.add(factory);
        JobFuture<String> call = factory.call("k", "m");
        assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> factory.stats().retries() == 1);

        assertThat(factory.cancel(call.jobId())).isTrue();
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        FactoryStats stats = drained(factory);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.CANCELLED, 1L);
        assertThat(stats.failed()).isZero();
    }

    // ------------------------------------------------------------------ JobFuture.cancel and call timeouts

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void cancellingAQueuedCallsFutureWithdrawsItsJob(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(workers, mode, 1);
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        JobFuture<String> withdrawn = factory.call("k", "withdrawn");
        JobFuture<String> kept = factory.call("k", "kept");

        assertThat(withdrawn.cancel(true)).isTrue();
        assertThat(withdrawn.isCancelled()).isTrue();
        assertThat(withdrawn.wasWithdrawn()).isTrue();
        assertThat(kept.wasWithdrawn()).isFalse();
        assertThat(factory.cancel(withdrawn.jobId())).as("already withdrawn").isFalse();
        workers.release();
        assertThat(kept.get(10, TimeUnit.SECONDS)).isEqualTo("kept");
        FactoryStats stats = drained(factory);

        assertThat(workers.ran).containsExactly("block", "kept");
        assertThat(discarded).containsExactly("withdrawn:cancelled");
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.CANCELLED, 1L);
    }

    @Test
    void cancellingARunningCallsFutureLetsTheJobFinishAndCountsItOnce() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(workers, RoutingMode.KEY_PERSISTENT, 1);
        JobFuture<String> running = factory.call("k", "block");
        workers.awaitBlocked();

        assertThat(running.cancel(true)).isTrue();
        assertThat(running.isCancelled()).isTrue();
        assertThat(running.wasWithdrawn()).as("it runs on").isFalse();
        workers.release();
        FactoryStats stats = drained(factory);

        assertThat(workers.ran).containsExactly("block");
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.discarded()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void aCallThatTimesOutWhileQueuedIsWithdrawnAndNeverRuns(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(workers, mode, 1);
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        JobFuture<String> late = factory.call("k", "late", Duration.ofMillis(20));

        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("withdrawn");
        assertThat(discarded).containsExactly("late:cancelled");
        workers.release();
        FactoryStats stats = drained(factory);

        assertThat(workers.ran).containsExactly("block");
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.CANCELLED, 1L);
        assertThat(stats.completed()).isEqualTo(1);
    }

    @Test
    void aCallThatTimesOutWhileRunningFailsItsFutureAndItsJobIsCountedOnceWhenItEnds() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = start(workers, RoutingMode.QUEUER, 1);
        JobFuture<String> slow = factory.call("k", "block", Duration.ofMillis(20));
        workers.awaitBlocked();

        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("running");
        workers.release();
        FactoryStats stats = drained(factory);

        assertThat(workers.ran).containsExactly("block");
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.discarded()).isZero();
    }

    @Test
    void aCallTimeoutMustBePositive() throws Exception {
        Factory<String, String, String> factory = start(new BlockingWorkers(1), RoutingMode.QUEUER, 1);
        assertThatThrownBy(() -> factory.call("k", "m", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThat(factory.stats().submitted()).isZero();
    }

    // ------------------------------------------------------------------ races

    /**
     * Cancels and times out calls while free workers race to start them: each job either ran (and was not
     * withdrawn) or was withdrawn (and never ran), exactly once, and the statistics agree.
     */
    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void withdrawalsRacingWithStartsDecideEachJobExactlyOnce(RoutingMode mode) throws Exception {
        Set<Long> ran = ConcurrentHashMap.newKeySet();
        Set<Long> ranTwice = ConcurrentHashMap.newKeySet();
        Factory.Builder<String, String, String> builder = Factory.<String, String, String>builder("race")
                .workerBuilder(id -> job -> {
                    if (!ran.add(job.id())) {
                        ranTwice.add(job.id());
                    }
                    return "done";
                })
                .workers(2)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> Math.floorMod(key.hashCode(), n));
        }
        Factory<String, String, String> factory = builder.build().start();
        started.add(factory);
        int n = 3000;
        List<JobFuture<String>> calls = new ArrayList<>();
        List<Boolean> withdrawnByCancel = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "k" + (i % 7);
            if (i % 3 == 2) {
                calls.add(factory.call(key, "m", Duration.ofNanos(1 + (i % 50) * 1000)));
                withdrawnByCancel.add(false);
            } else {
                JobFuture<String> call = factory.call(key, "m");
                calls.add(call);
                withdrawnByCancel.add(i % 3 == 0 ? call.cancel(false) : factory.cancel(call.jobId()));
            }
        }
        FactoryStats stats = drained(factory);

        assertThat(ranTwice).isEmpty();
        long withdrawn = 0;
        for (int i = 0; i < n; i++) {
            JobFuture<String> call = calls.get(i);
            assertThat(call).isDone();
            boolean timedOutBeforeStart = call.isCompletedExceptionally() && !call.isCancelled()
                    && messageOf(call).contains("withdrawn");
            boolean wasWithdrawn = call.wasWithdrawn();
            if (i % 3 == 1) {
                assertThat(withdrawnByCancel.get(i)).as("cancel(jobId) answered").isEqualTo(wasWithdrawn);
            } else if (i % 3 == 2) {
                assertThat(timedOutBeforeStart).as("the timeout's message").isEqualTo(wasWithdrawn);
            } else {
                // cancel() answers false only if the job had completed; a withdrawn job's future is cancelled
                assertThat(call.isCancelled()).as("future cancelled").isEqualTo(withdrawnByCancel.get(i));
                if (wasWithdrawn) {
                    assertThat(call.isCancelled()).isTrue();
                }
            }
            assertThat(ran.contains(call.jobId())).as("job %d withdrawn=%s", call.jobId(), wasWithdrawn)
                    .isEqualTo(!wasWithdrawn);
            if (wasWithdrawn) {
                withdrawn++;
            }
        }
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.CANCELLED, withdrawn);
        assertThat(stats.completed()).isEqualTo(n - withdrawn);
        assertThat(stats.completed()).isEqualTo(ran.size());
    }

    private static String messageOf(JobFuture<String> call) {
        try {
            call.join();
            return "";
        } catch (java.util.concurrent.CompletionException error) {
            return String.valueOf(error.getCause().getMessage());
        } catch (CancellationException error) {
            return "cancelled";
        }
    }
}
