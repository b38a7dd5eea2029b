package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

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
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(30), true))
                .retryPolicy(RetryPolicy.times(3))
                .build().start();
        try {
            CompletableFuture<String> stuck = factory.call("k", 0);
            assertThat(firstAttempt.await(10, TimeUnit.SECONDS)).isTrue();
            // the retry runs on a fresh runner while the first attempt is still spinning
            assertThat(stuck.get(10, TimeUnit.SECONDS)).isEqualTo("msg 0 attempt 2");
            release.set(true); // the abandoned attempt now returns: its result must be ignored
            for (int i = 1; i <= 20; i++) {
                assertThat(factory.call("k", i).get(10, TimeUnit.SECONDS)).isEqualTo("msg " + i + " attempt 1");
            }
            assertThat(stuck.join()).isEqualTo("msg 0 attempt 2");
            // every job after the kill ran on the one fresh runner thread: the abandoned one took no more work
            String freshThread = ran.get(0).substring(ran.get(0).indexOf('@'));
            assertThat(ran).hasSize(21).allMatch(entry -> entry.endsWith(freshThread));
            assertThat(factory.stats().completed()).isEqualTo(21);
        } finally {
            release.set(true);
            factory.stop().join();
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
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(30), true))
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
