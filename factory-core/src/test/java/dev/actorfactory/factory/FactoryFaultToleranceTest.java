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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.actor.Probe;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.factory.stats.WorkerState;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.supervision.Backoff;

/** Worker crashes, the dead man's switch, retries and pings. */
class FactoryFaultToleranceTest {

    /**
     * The dead man's switch of tests where healthy jobs run beside the hung one: long enough that a healthy job
     * descheduled on a loaded 2-core machine is not mistaken for a hung one (20 ms was, under load), short enough
     * that the kill comes quickly.
     */
    static final Duration HEALTHY_JOB_MARGIN = Duration.ofMillis(250);

    private final List<Factory<?, ?, ?>> started = new ArrayList<>();
    private final Map<Integer, AtomicInteger> builds = new ConcurrentHashMap<>();

    @AfterEach
    void stopAll() {
        started.forEach(factory -> factory.stop().join());
    }

    private <R> Factory<String, String, R> start(Factory.Builder<String, String, R> builder) {
        Factory<String, String, R> factory = builder.build().start();
        started.add(factory);
        return factory;
    }

    /** A worker that fails on "boom", blocks (interruptibly) on "hang", and answers "instance:message". */
    private Worker<String, String, String> worker(int id, CountDownLatch hanging, List<String> interrupted) {
        int instance = builds.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        return job -> {
            switch (job.message()) {
                case "boom":
                    throw new IllegalStateException("boom on instance " + instance);
                case "hang":
                    hanging.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.add("instance " + instance);
                        throw e;
                    }
                    return "never";
                default:
                    return instance + ":" + job.message();
            }
        };
    }

    @Test
    void aCrashFailsTheJobAndAFreshInstanceAtTheSameIdRunsTheQueuedJobs() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        List<String> interrupted = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("crash")
                .workerBuilder(id -> worker(id, hanging, interrupted))
                .workers(1)
                .routing(RoutingMode.KEY_PERSISTENT));
        CompletableFuture<String> before = factory.call("k", "a");
        CompletableFuture<String> crash = factory.call("k", "boom");
        CompletableFuture<String> after1 = factory.call("k", "b");
        CompletableFuture<String> after2 = factory.call("k", "c");

        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo("1:a");
        assertThatThrownBy(() -> crash.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("boom on instance 1");
        assertThat(after1.get(10, TimeUnit.SECONDS)).isEqualTo("2:b");
        assertThat(after2.get(10, TimeUnit.SECONDS)).isEqualTo("2:c");
        assertThat(builds.get(0).get()).isEqualTo(2);
        assertThat(factory.worker(0).restarts()).isEqualTo(1);
        assertThat(factory.worker(0).processed()).isEqualTo(4);
        assertThat(factory.stats().failed()).isEqualTo(1);
    }

    /** One key-persistent worker (see {@link #worker}) whose failed jobs are retried forever, an hour apart. */
    private Factory.Builder<String, String, String> oneKeyOrderedWorkerRetryingHourly(String name) {
        return Factory.<String, String, String>builder(name)
                .workerBuilder(id -> worker(id, new CountDownLatch(1), new CopyOnWriteArrayList<>()))
                .workers(1)
                .routing(RoutingMode.KEY_PERSISTENT)
                .retryPolicy(RetryPolicy.forever().withBackoff(Backoff.fixed(Duration.ofHours(1))));
    }

    @Test
    void aCrashLoopOfOneJobDoesNotStallTheWorkersOtherKeys() throws Exception {
        // one key keeps failing and is retried forever with an hour's backoff: only that key waits it out
        Factory<String, String, String> factory = start(oneKeyOrderedWorkerRetryingHourly("crash-loop")
                .crashBackoff(Backoff.fixed(Duration.ofHours(1))));
        CompletableFuture<String> bad = factory.call("bad", "boom");
        CompletableFuture<String> sameKey = factory.call("bad", "after the bad one");
        List<CompletableFuture<String>> others = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            others.add(factory.call("other-" + i, "job " + i));
        }
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(others).allMatch(call -> call.join().endsWith("job " + others.indexOf(call)));
        assertThat(bad).isNotDone();
        assertThat(sameKey).as("the bad key's later job keeps its place behind the retry").isNotDone();
        assertThat(factory.worker(0).restarts()).isEqualTo(1);
        assertThat(factory.stats().retries()).isEqualTo(1);
    }

    @Test
    void aFencedKeysBacklogLongerThanATakesWindowDoesNotHideTheOtherKeys() throws Exception {
        // a take drains only a window of the inbox ahead of what it runs; when the window holds nothing startable
        // (here: more jobs of a fenced key than the window), the jobs behind it must still be found
        Factory<String, String, String> factory = start(oneKeyOrderedWorkerRetryingHourly("fenced-backlog"));
        CompletableFuture<String> bad = factory.call("bad", "boom");
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.stats().retries() == 1); // "bad" is fenced
        List<CompletableFuture<String>> sameKey = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sameKey.add(factory.call("bad", "waits " + i));
        }
        CompletableFuture<String> other = factory.call("other", "behind them");
        assertThat(other.get(10, TimeUnit.SECONDS)).endsWith("behind them");
        assertThat(bad).isNotDone();
        assertThat(sameKey).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void aWorkerBuilderThatKeepsFailingIsDampedWithTheCrashBackoff() throws Exception {
        AtomicInteger buildCalls = new AtomicInteger();
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("build-loop")
                .workerBuilder(id -> {
                    if (buildCalls.incrementAndGet() > 1) {
                        throw new IllegalStateException("no connection");
                    }
                    return job -> {
                        throw new IllegalStateException("crash");
                    };
                })
                .workers(1)
                .crashBackoff(Backoff.fixed(Duration.ofHours(1))));
        CompletableFuture<String> crash = factory.call("k", "boom");
        CompletableFuture<String> next = factory.call("k", "next");
        assertThatThrownBy(() -> crash.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        // the rebuild fails twice in a row: the worker now backs off (for an hour) before trying again
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.worker(0).state() == WorkerState.BACKING_OFF);
        assertThat(next).isNotDone();
        assertThat(factory.worker(0).queueDepth()).isEqualTo(1);
    }

    @Test
    void aStuckWorkerIsReportedWithItsKeyButNotKilledWhenKillIsOff() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        Probe<String> stuck = new Probe<>();
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("report-only")
                .workerBuilder(id -> job -> {
                    running.countDown();
                    release.await();
                    return "done";
                })
                .workers(1)
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(20), false))
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onWorkerStuck(String factory, int workerId, Object key, long busyNanos) {
                        stuck.add(workerId + ":" + key);
                    }
                }));
        CompletableFuture<String> job = factory.call("slow-key", "x");
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stuck.next()).isEqualTo("0:slow-key");
        assertThat(factory.worker(0).state()).isEqualTo(WorkerState.STUCK);
        assertThat(factory.worker(0).currentKey()).isEqualTo("slow-key");
        release.countDown();
        assertThat(job.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(factory.worker(0).restarts()).isZero();
    }

    @Test
    void aStuckWorkerIsKilledAndReplacedItsJobFailsAndItsQueueSurvives() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        List<String> interrupted = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("kill")
                .workerBuilder(id -> worker(id, hanging, interrupted))
                .workers(1)
                .deadMansSwitch(new DeadMansSwitch(HEALTHY_JOB_MARGIN, true)));
        CompletableFuture<String> stuck = factory.call("k", "hang");
        assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued = factory.call("k", "after");

        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(WorkerKilledException.class).hasMessageContaining("dead man's switch")
                .hasMessageContaining("key k");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("2:after");
        await().atMost(Duration.ofSeconds(10)).until(() -> interrupted.contains("instance 1"));
        assertThat(factory.worker(0).restarts()).isEqualTo(1);
        assertThat(factory.stats().failed()).isEqualTo(1);
    }

    @Test
    void aKilledJobIsRetriedOnTheReplacementWhenItsPolicyAllows() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch firstAttempt = new CountDownLatch(1);
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("kill-retry")
                .workerBuilder(id -> job -> {
                    if (attempts.incrementAndGet() == 1) {
                        firstAttempt.countDown();
                        new CountDownLatch(1).await(); // stuck until killed
                    }
                    return "attempt " + job.attempt();
                })
                .workers(1)
                .deadMansSwitch(new DeadMansSwitch(HEALTHY_JOB_MARGIN, true)));
        CompletableFuture<String> job = factory.call("k", "x", JobOptions.defaults().withRetry(RetryPolicy.times(1)));
        assertThat(job.get(10, TimeUnit.SECONDS)).isEqualTo("attempt 2");
        assertThat(factory.stats().retries()).isEqualTo(1);
        assertThat(factory.stats().completed()).isEqualTo(1);
    }

    @Test
    void retriesNoneTimesAndForever() throws Exception {
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        Factory<String, Integer, String> factory = Factory.<String, Integer, String>builder("retries")
                .workerBuilder(id -> job -> {
                    int attempt = tries.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    if (attempt <= job.message()) {
                        throw new IllegalStateException(job.key() + " fails attempt " + attempt);
                    }
                    return job.key() + " ok on attempt " + job.attempt();
                })
                .workers(2)
                .retryPolicy(RetryPolicy.times(2))
                .build().start();
        started.add(factory);
        assertThat(factory.call("twice", 2).get(10, TimeUnit.SECONDS)).isEqualTo("twice ok on attempt 3");
        assertThatThrownBy(() -> factory.call("thrice", 3).get(10, TimeUnit.SECONDS)).cause()
                .hasMessage("thrice fails attempt 3");
        assertThatThrownBy(() -> factory.call("none", 1, JobOptions.defaults().withRetry(RetryPolicy.none()))
                .get(10, TimeUnit.SECONDS)).cause().hasMessage("none fails attempt 1");
        assertThat(factory.call("forever", 7, JobOptions.defaults().withRetry(RetryPolicy.forever()
                .withBackoff(Backoff.exponential(Duration.ofNanos(1000), Duration.ofMillis(1)))))
                .get(10, TimeUnit.SECONDS)).isEqualTo("forever ok on attempt 8");
        assertThat(factory.stats().retries()).isEqualTo(2 + 2 + 0 + 7);
    }

    @Test
    void aRetryKeepsItsPlaceInItsKeysOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicReference<Boolean> failedOnce = new AtomicReference<>(false);
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("retry-order")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("flaky") && failedOnce.compareAndSet(false, true)) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    order.add(job.message());
                    return job.message();
                })
                .workers(2)
                .routing(RoutingMode.KEY_PERSISTENT)
                .retryPolicy(RetryPolicy.times(1).withBackoff(Backoff.fixed(Duration.ofMillis(5)))));
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (String message : new String[] {"one", "flaky", "three", "four"}) {
            calls.add(factory.call("same-key", message));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly("one", "flaky", "three", "four");
    }

    @Test
    void workersArePingedAndTheirLatencyReported() throws Exception {
        Map<Integer, Long> pings = new ConcurrentHashMap<>();
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("ping")
                .workerBuilder(id -> job -> "x")
                .workers(3)
                .pingInterval(Duration.ofMillis(10))
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onWorkerPing(String factory, int workerId, long latencyNanos) {
                        pings.put(workerId, latencyNanos);
                    }
                }));
        await().atMost(Duration.ofSeconds(10)).until(() -> pings.size() == 3);
        assertThat(pings.values()).allMatch(latency -> latency >= 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.stats().workerStats().stream()
                .allMatch(worker -> worker.lastPingLatency() != null));
    }

    @Test
    void aWorkerBuilderThatFailsAtStartRefusesTheStart() {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("no-build")
                .workerBuilder(id -> {
                    throw new IllegalStateException("no connection");
                })
                .workers(1)
                .build();
        assertThatThrownBy(factory::start).isInstanceOf(FactoryStartException.class)
                .hasMessageContaining("no-build").hasRootCauseMessage("no connection");
        assertThat(factory.state()).isEqualTo(dev.actorfactory.factory.lifecycle.FactoryState.FAILED);
    }

    @Test
    void aWorkerBuilderThatFailsAfterACrashIsRetriedWithBackoffAndTheJobsWait() throws Exception {
        AtomicInteger buildCalls = new AtomicInteger();
        Factory<String, String, String> factory = start(Factory.<String, String, String>builder("rebuild")
                .workerBuilder(id -> {
                    int call = buildCalls.incrementAndGet();
                    if (call == 2) {
                        throw new IllegalStateException("transient build failure");
                    }
                    return job -> {
                        if (job.message().equals("boom")) {
                            throw new IllegalStateException("boom");
                        }
                        return "built " + call;
                    };
                })
                .workers(1)
                .crashBackoff(Backoff.fixed(Duration.ofMillis(1))));
        CompletableFuture<String> crash = factory.call("k", "boom");
        CompletableFuture<String> next = factory.call("k", "next");
        assertThatThrownBy(() -> crash.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("built 3");
    }
}
