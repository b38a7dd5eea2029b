package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.worker.DeadMansSwitch;

/**
 * Deterministic replays of the races around stragglers — jobs pushed into a worker's inbox by a submitter that
 * read a bucket's old owner — and around the dead man's switch's clock. A blocking discard handler holds a runner
 * in the middle of forwarding a straggler so that each interleaving can be staged.
 */
class FactoryStragglerTest {

    private final CountDownLatch longRunning = new CountDownLatch(1);
    private final CountDownLatch releaseLong = new CountDownLatch(1);
    private final CountDownLatch inHandler = new CountDownLatch(1);
    private final CountDownLatch releaseHandler = new CountDownLatch(1);
    private final AtomicInteger expiredKey = new AtomicInteger(-1);
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    /** Key-persistent: "long" blocks its worker; the discard handler blocks on {@link #expiredKey}'s job. */
    private Factory<Integer, String, String> factory(int workers, int max) {
        return Factory.<Integer, String, String>builder("straggler")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("long")) {
                        runner.set(Thread.currentThread());
                        longRunning.countDown();
                        releaseLong.await();
                    }
                    ran.add(job.message());
                    return job.message();
                })
                .workers(workers).maxWorkers(max)
                .routing(RoutingMode.KEY_PERSISTENT)
                .pingInterval(Duration.ofMinutes(5))
                .discardHandler((job, reason) -> {
                    if (job.key() == expiredKey.get()) {
                        inHandler.countDown();
                        try {
                            releaseHandler.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build().start();
    }

    private static int key(Factory<Integer, ?, ?> factory, IntPredicate bucket, int skip) {
        for (int k = 0; ; k++) {
            if (k != skip && bucket.test(factory.bucketOf(k))) {
                return k;
            }
        }
    }

    private static int ownerOf(Factory<Integer, ?, ?> factory, int bucket) {
        return ((WorkerQueuePlacement<Integer, ?, ?>) factory.placement()).ownerIdOf(bucket);
    }

    /** What offer() does for a submitter whose routing read a stale owner: push into that slot's inbox. */
    private static JobRecord<Integer, String, String> strayPush(Factory<Integer, String, String> factory, int slot,
            int key, String message) {
        JobFuture<String> reply = new JobFuture<>(factory);
        JobRecord<Integer, String, String> job = new JobRecord<>(factory.outcomes().submitted(), key, message,
                JobOptions.defaults(), 0, factory.bucketOf(key), System.nanoTime(), 0, RetryPolicy.none(), reply);
        reply.bind(job);
        factory.placement().slots().get(slot).inbox.offer(job);
        return job;
    }

    /** Stages slot {@code slot}'s runner taking a straggler for forwarding, then blocking while it settles. */
    private JobRecord<Integer, String, String> runnerForwardsStragglerAndBlocks(Factory<Integer, String, String> factory,
            int keyLong, int keyExpiring, int slot, int strayKey, String strayMessage, Runnable beforeTake)
            throws Exception {
        expiredKey.set(keyExpiring);
        factory.call(keyLong, "long");
        assertThat(longRunning.await(5, TimeUnit.SECONDS)).isTrue();
        factory.call(keyExpiring, "expiring", JobOptions.defaults().withTtl(Duration.ofMillis(1)));
        long expired = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > expired);
        beforeTake.run();
        JobRecord<Integer, String, String> stray = strayPush(factory, slot, strayKey, strayMessage);
        releaseLong.countDown();
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        return stray;
    }

    @Test
    void aRunnerForwardingAStragglerIntoAClosedFactoryDoesNotWaitForItself() throws Exception {
        Factory<Integer, String, String> factory = factory(2, 2);
        factory.resize(1);
        factory.resize(2); // buckets 0..511 moved from slot 0 to slot 1: slot 0 is a stale owner for them
        int keyLong = key(factory, b -> b >= 512, -1);
        int keyExpiring = key(factory, b -> b >= 512, keyLong);
        int keyStray = key(factory, b -> b < 512, -1);
        JobRecord<Integer, String, String> stray = runnerForwardsStragglerAndBlocks(factory, keyLong, keyExpiring,
                0, keyStray, "S", () -> { });
        factory.drain(Duration.ZERO).get(5, TimeUnit.SECONDS); // closes the placement
        releaseHandler.countDown(); // the runner now forwards S into a closed factory
        assertThat(stray.reply).failsWithin(Duration.ofSeconds(5));
        runner.get().join(TimeUnit.SECONDS.toMillis(10));
        assertThat(runner.get().isAlive()).as("the forwarding runner finished").isFalse();
    }

    @Test
    void aStragglerCarriedBackToItsOldOwnerIsNotOvertakenByItsSubmittersNextJob() throws Exception {
        Factory<Integer, String, String> factory = factory(2, 3);
        // a bucket owned by slot 1, moved to slot 2 at three workers and back to slot 1 at two
        int keyQ = key(factory, b -> b % 2 == 1 && b >= 171 && b <= 341, -1);
        int keyLong = key(factory, b -> b % 2 == 1 && b > 400, keyQ);
        int keyExpiring = key(factory, b -> b % 2 == 1 && b > 400, keyLong);
        int bucketQ = factory.bucketOf(keyQ);
        assertThat(ownerOf(factory, bucketQ)).isEqualTo(1); // Q routes to slot 1, then is preempted
        JobRecord<Integer, String, String> first = runnerForwardsStragglerAndBlocks(factory, keyLong, keyExpiring, 1,
                keyQ, "J0", () -> factory.resize(3));
        assertThat(ownerOf(factory, bucketQ)).isEqualTo(2);
        factory.resize(2); // while slot 1's runner carries J0, its bucket moves back to slot 1
        assertThat(ownerOf(factory, bucketQ)).isEqualTo(1);
        // Q's post-check now passes; its submit must still wait for J0 before it returns
        CompletableFuture<Void> qReturns = CompletableFuture.runAsync(first::awaitForwarded);
        assertThat(qReturns).isNotDone();
        releaseHandler.countDown();
        qReturns.get(5, TimeUnit.SECONDS);
        CompletableFuture<String> second = factory.call(keyQ, "J1"); // Q's next job, same key
        CompletableFuture.allOf(first.reply, second).get(5, TimeUnit.SECONDS);
        assertThat(ran.stream().filter(m -> m.startsWith("J")).toList()).containsExactly("J0", "J1");
        factory.stop().join();
    }

    @Test
    void theWorkersBuildTimeDoesNotCountAsTheNextJobsRunTime() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch finishBuild = new CountDownLatch(1);
        Factory<Integer, String, String> factory = Factory.<Integer, String, String>builder("build-time")
                .workerBuilder(id -> {
                    if (builds.incrementAndGet() > 1) { // a slow rebuild, e.g. opening a connection
                        building.countDown();
                        finishBuild.await();
                    }
                    return job -> {
                        if (job.message().equals("crash")) {
                            throw new IllegalStateException("planned");
                        }
                        return job.message();
                    };
                })
                .workers(1)
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(50), true))
                .build().start();
        assertThat(factory.call(1, "crash")).failsWithin(Duration.ofSeconds(5));
        CompletableFuture<String> next = factory.call(1, "next");
        assertThat(building.await(5, TimeUnit.SECONDS)).isTrue();
        long slow = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200); // four dead man's switch timeouts
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > slow);
        finishBuild.countDown();
        assertThat(next).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("next");
        factory.stop().join();
    }
}
