package dev.actorfactory.factory;

import org.junit.jupiter.params.provider.MethodSource;

import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.factory.worker.WorkerThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.supervision.Backoff;

/** Workers that ignore interruption, and the races around killing them and around a timed-out drain. */
class FactoryStuckWorkerTest {

    /** Busy-waits until {@code release} is set, ignoring interrupts (like a socket read without a timeout). */
    private static void spinUntil(AtomicBoolean release) {
        while (!release.get()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aKilledRunnerThatReturnsLateCannotFinishTheRetriedAttemptOrRunMoreJobs() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch firstAttempt = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<Object> graceExceeded = new CopyOnWriteArrayList<>();
        Factory<String, Integer, String> factory = Factory.<String, Integer, String>builder("aba")
                .workerBuilder(id -> job -> {
                    int attempt = job.attempt();
                    if (job.message() == 0 && attempt == 1) {
                        firstAttempt.countDown();
                        spinUntil(release); // killed, but keeps running until released
                        return "abandoned attempt"; // must be ignored
                    }
                    ran.add(job.message() + "#" + attempt + "@" + Thread.currentThread().getName());
                    return "msg " + job.message() + " attempt " + attempt;
                })
                .workers(1)
                .routing(RoutingMode.KEY_PERSISTENT)
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(30), true).withGrace(Duration.ofMillis(50)))
                .retryPolicy(RetryPolicy.times(3))
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onKillGraceExceeded(String factory, Object key, long aliveNanos) {
                        graceExceeded.add(key);
                    }
                })
                .build().start();
        try {
            CompletableFuture<String> stuck = factory.call("k", 0);
            assertThat(firstAttempt.await(10, TimeUnit.SECONDS)).isTrue();
            // the killed attempt ignores interruption: after its grace the retry runs beside it, and that is reported
            assertThat(stuck.get(10, TimeUnit.SECONDS)).isEqualTo("msg 0 attempt 2");
            assertThat(graceExceeded).containsExactly("k");
            assertThat(factory.stats().abandonedRuns()).as("the killed attempt is still running").isEqualTo(1);
            release.set(true); // the abandoned attempt now returns: its result must be ignored
            for (int i = 1; i <= 20; i++) {
                assertThat(factory.call("k", i).get(10, TimeUnit.SECONDS)).isEqualTo("msg " + i + " attempt 1");
            }
            assertThat(stuck.join()).isEqualTo("msg 0 attempt 2");
            // every job after the kill ran on the one fresh runner thread: the abandoned one took no more work
            String freshThread = ran.get(0).substring(ran.get(0).indexOf('@'));
            assertThat(ran).hasSize(21).allMatch(entry -> entry.endsWith(freshThread));
            assertThat(factory.stats().completed()).isEqualTo(21);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> factory.stats().abandonedRuns() == 0);
        } finally {
            release.set(true);
            factory.stop().join();
        }
    }

    /**
     * The race the first edition lost under CPU contention: a runner is descheduled after its last ownership check
     * and before it calls the worker (here an interceptor holds it there, like a GC pause), the dead man's switch
     * kills the run and retries the job, and the old runner then carries on. It must never call the worker.
     */
    @ParameterizedTest
    @MethodSource("dev.actorfactory.factory.FactoryGuaranteesTest#everyMode")
    void aRunKilledBeforeItReachedTheWorkerNeverCallsIt(RoutingMode mode, WorkerThreads threads) throws Exception {
        CountDownLatch killed = new CountDownLatch(1);
        CountDownLatch stalled = new CountDownLatch(1);
        List<Integer> handled = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> seenByInterceptor = new AtomicReference<>();
        Factory.Builder<String, Integer, Integer> builder = onThreads(threads, Factory.<String, Integer, Integer>builder("gc-pause-" + mode))
                .workerBuilder(id -> job -> {
                    handled.add(job.attempt());
                    return job.attempt();
                })
                .workers(2)
                .routing(mode)
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(20), true))
                .retryPolicy(RetryPolicy.times(2))
                .jobInterceptor(new JobInterceptor() {
                    @Override
                    public Object capture(Job<?, ?> job) {
                        return null;
                    }

                    @Override
                    public <T> T around(Job<?, ?> job, Object captured, Callable<T> handling) throws Exception {
                        if (job.attempt() == 1) {
                            stalled.countDown();
                            awaitUninterruptibly(killed); // "descheduled" until the switch has killed this run
                        }
                        try {
                            return handling.call();
                        } catch (Exception error) {
                            if (job.attempt() == 1) {
                                seenByInterceptor.set(error);
                            }
                            throw error;
                        }
                    }
                })
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onWorkerRestarted(String factory, int workerId) {
                        killed.countDown();
                    }
                });
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> 0);
        }
        Factory<String, Integer, Integer> factory = builder.build().start();
        try {
            CompletableFuture<Integer> call = factory.call("k", 1);
            assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> seenByInterceptor.get() != null);
            assertThat(seenByInterceptor.get()).isInstanceOf(WorkerKilledException.class)
                    .hasMessageContaining("abandoned before it started");
            assertThat(handled).as("attempt 1 never reached the worker; attempt 2 ran once").containsExactly(2);
            assertThat(factory.stats().abandonedRuns()).isZero();
        } finally {
            killed.countDown();
            factory.stop().join();
        }
    }

    /**
     * Per-key exclusivity at a kill, for workers that honour interruption but take a while to leave (cleanup in a
     * finally block): the killed key's next job and its retry wait until the killed attempt has left the worker,
     * while other keys keep flowing.
     */
    @ParameterizedTest
    @MethodSource("dev.actorfactory.factory.FactoryGuaranteesTest#keyOrderedModes")
    void aKilledJobsKeyWaitsUntilTheKilledAttemptHasLeftTheWorkerWhileOtherKeysFlow(RoutingMode mode,
            WorkerThreads threads) throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch cleanupMayEnd = new CountDownLatch(1);
        AtomicBoolean inCleanup = new AtomicBoolean();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<String> badKeyOrder = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = onThreads(threads, Factory.<String, String, String>builder("exclusive-" + mode))
                .workerBuilder(id -> job -> {
                    if (job.key().equals("bad")) {
                        if (inCleanup.get()) {
                            violations.add(job.message() + " attempt " + job.attempt() + " started during cleanup");
                        }
                        badKeyOrder.add(job.message() + "#" + job.attempt());
                        if (job.message().equals("hang") && job.attempt() == 1) {
                            try {
                                hanging.countDown();
                                new CountDownLatch(1).await(); // interrupted by the kill
                            } finally {
                                inCleanup.set(true);
                                awaitUninterruptibly(cleanupMayEnd); // a slow cleanup, still inside the worker
                                inCleanup.set(false);
                            }
                        }
                    }
                    return job.message();
                })
                .workers(2)
                .routing(mode)
                .deadMansSwitch(new DeadMansSwitch(FactoryFaultToleranceTest.HEALTHY_JOB_MARGIN, true)
                        .withGrace(Duration.ofMinutes(5)))
                .retryPolicy(RetryPolicy.times(1))
                .build().start();
        try {
            CompletableFuture<String> hang = factory.call("bad", "hang");
            assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> next = factory.call("bad", "next");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(inCleanup::get);
            assertThat(factory.stats().abandonedRuns()).isEqualTo(1);
            List<CompletableFuture<String>> others = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                others.add(factory.call("other-" + i, "o" + i));
            }
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(hang).isNotDone();
            assertThat(next).isNotDone();
            cleanupMayEnd.countDown();
            assertThat(hang.get(10, TimeUnit.SECONDS)).isEqualTo("hang");
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
            assertThat(violations).isEmpty();
            assertThat(badKeyOrder).containsExactly("hang#1", "hang#2", "next#1");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> factory.stats().abandonedRuns() == 0);
        } finally {
            cleanupMayEnd.countDown();
            factory.stop().join();
        }
    }

    /**
     * Puts the factory on {@code threads}; shared threads come from a dispatcher of two threads of the test's own
     * (closed after the test), since these tests block dispatcher threads on purpose.
     */
    private <K, M, R> Factory.Builder<K, M, R> onThreads(WorkerThreads threads, Factory.Builder<K, M, R> builder) {
        if (threads != WorkerThreads.SHARED) {
            return builder.workerThreads(threads);
        }
        Dispatcher dispatcher = Dispatcher.shared("stuck-test", 2, 16);
        dispatchers.add(dispatcher);
        return builder.dispatcher(dispatcher);
    }

    private final List<Dispatcher> dispatchers = new CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeDispatchers() {
        dispatchers.forEach(Dispatcher::shutdown);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void killedUninterruptibleJobsDoNotStarveTheFactoryOfThreads() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("starve")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("hang")) {
                        spinUntil(release);
                    }
                    return job.message();
                })
                .workers(2)
                .routing(RoutingMode.QUEUER)
                .deadMansSwitch(new DeadMansSwitch(FactoryFaultToleranceTest.HEALTHY_JOB_MARGIN, true))
                .build().start();
        try {
            assertThat(factory.call("a", "hang")).failsWithin(Duration.ofSeconds(10));
            assertThat(factory.call("b", "hang")).failsWithin(Duration.ofSeconds(10));
            assertThat(factory.call("c", "ok")).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("ok");
        } finally {
            release.set(true);
            factory.stop().join();
        }
    }

    @Test
    void aTimedOutDrainFailsAJobWhoseWorkerIsStillBeingBuiltAndTheJobNeverRuns() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch rebuilding = new CountDownLatch(1);
        CountDownLatch finishRebuild = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Factory<String, Integer, Integer> factory = Factory.<String, Integer, Integer>builder("drain-build")
                .workerBuilder(id -> {
                    if (builds.incrementAndGet() > 1) {
                        rebuilding.countDown();
                        finishRebuild.await(); // a slow rebuild (opening a connection), interruptible
                    }
                    return job -> {
                        if (job.message() == 1) {
                            throw new IllegalStateException("crash");
                        }
                        secondRan.set(true);
                        return 2;
                    };
                })
                .workers(1)
                .threadFactory(runnable -> {
                    Thread thread = new Thread(runnable);
                    threads.add(thread);
                    return thread;
                })
                .build().start();
        assertThat(factory.call("k", 1)).failsWithin(Duration.ofSeconds(10));
        CompletableFuture<Integer> second = factory.call("k", 2);
        assertThat(rebuilding.await(10, TimeUnit.SECONDS)).isTrue();
        factory.drain(Duration.ofMillis(20)).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(second::join).cause().isInstanceOf(FactoryStoppedException.class)
                .hasMessageContaining("in flight");
        finishRebuild.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(secondRan).as("the abandoned runner never runs the job after its build").isFalse();
        assertThat(factory.stats().outstanding()).isZero();
    }

    @Test
    void aDelayedRetryRacingTheDrainTimeoutStillEnds() throws Exception {
        CountDownLatch retrying = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        Factory<String, Integer, Integer> factory = Factory.<String, Integer, Integer>builder("late-retry")
                .workerBuilder(id -> job -> {
                    throw new IllegalStateException("fails");
                })
                .workers(1)
                .routing(RoutingMode.QUEUER)
                .retryPolicy(RetryPolicy.times(1).withBackoff(Backoff.fixed(Duration.ofMillis(10))))
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onJobRetried(String factory, int attempt, Throwable error) {
                        retrying.countDown();
                        try {
                            drained.await(); // a slow metrics call: the drain times out meanwhile
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build().start();
        CompletableFuture<Integer> call = factory.call("k", 1);
        assertThat(retrying.await(10, TimeUnit.SECONDS)).isTrue();
        factory.drain(Duration.ofMillis(20)).get(10, TimeUnit.SECONDS);
        drained.countDown();
        assertThat(call).as("every call future completes").failsWithin(Duration.ofSeconds(10));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> factory.stats().outstanding() == 0);
    }

    @Test
    void drainingWhileStartingMakesTheStartFailInsteadOfRunningAStoppedFactory() {
        Factory<String, String, String>[] self = new Factory[1];
        self[0] = Factory.<String, String, String>builder("start-drain")
                .workerBuilder(id -> job -> "x")
                .workers(1)
                .lifecycleHooks(new FactoryLifecycleHooks() {
                    @Override
                    public void onStarted(String factory) {
                        self[0].drain(Duration.ZERO).join();
                    }
                })
                .build();
        assertThatThrownBy(self[0]::start).isInstanceOf(FactoryStartException.class)
                .hasMessageContaining("stopped while starting");
        assertThatThrownBy(() -> self[0].dispatch("k", "x")).isInstanceOf(IllegalStateException.class);
    }
}
