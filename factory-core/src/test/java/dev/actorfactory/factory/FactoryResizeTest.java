package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;

class FactoryResizeTest {

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void growingAddsWorkersThatTakeWorkAtOnce(RoutingMode mode) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(4);
        Factory.Builder<Integer, String, Integer> builder = Factory.<Integer, String, Integer>builder("grow-" + mode)
                .workerBuilder(id -> new dev.actorfactory.factory.worker.Worker<>() {
                    private boolean first = true;

                    @Override
                    public Integer handle(dev.actorfactory.factory.job.Job<Integer, String> job) throws Exception {
                        if (first) {
                            first = false;
                            barrier.await(30, TimeUnit.SECONDS); // passes only when four workers run at once
                        }
                        return id;
                    }
                })
                .workers(2)
                .maxWorkers(4)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key);
        }
        Factory<Integer, String, Integer> factory = builder.build().start();
        factory.resize(4);
        assertThat(factory.workerCount()).isEqualTo(4);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int key = 0; key < 64; key++) {
            calls.add(factory.call(key, "job"));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(calls.stream().map(CompletableFuture::join).distinct()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(barrier.isBroken()).isFalse();
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void growingBuildsTheNewWorkersAtOnceAndABuilderThatFailsRefusesTheGrow(RoutingMode mode) throws Exception {
        List<Integer> built = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        Factory.Builder<Integer, String, Integer> builder = Factory.<Integer, String, Integer>builder("build-" + mode)
                .workerBuilder(id -> {
                    if (broken.get()) {
                        throw new IllegalStateException("no connection for worker " + id);
                    }
                    built.add(id);
                    return job -> id;
                })
                .workers(1)
                .maxWorkers(4)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key);
        }
        Factory<Integer, String, Integer> factory = builder.build().start();
        try {
            assertThat(built).containsExactly(0);
            factory.resize(3);
            assertThat(built).as("built by resize, before any job").containsExactly(0, 1, 2);
            broken.set(true);
            assertThatThrownBy(() -> factory.resize(4)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot grow to 4 workers").hasMessageContaining("building worker 3 failed")
                    .hasRootCauseMessage("no connection for worker 3");
            assertThat(factory.workerCount()).isEqualTo(3);
            broken.set(false);
            assertThat(factory.call(1, "still fine").get(10, TimeUnit.SECONDS)).isNotNull();
        } finally {
            factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        }
    }

    /** Growing puts the new workers to work on a backlog at once, where routing promises no key order. */
    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"ROUND_ROBIN", "RANDOM", "CUSTOM_HASH"})
    void growingPutsTheNewWorkersToWorkOnTheBacklog(RoutingMode mode) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.LongAdder done = new java.util.concurrent.atomic.LongAdder();
        Factory.Builder<Integer, String, Integer> builder = Factory.<Integer, String, Integer>builder("backlog-" + mode)
                .workerBuilder(id -> job -> {
                    if (job.message().equals("block")) {
                        blocked.countDown();
                        release.await();
                    }
                    done.increment();
                    return id;
                })
                .workers(1)
                .maxWorkers(4)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key % n);
        }
        Factory<Integer, String, Integer> factory = builder.build().start();
        try {
            factory.dispatch(0, "block");
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            for (int key = 1; key <= 100; key++) {
                factory.dispatch(key, "job");
            }
            assertThat(factory.queueDepth()).isEqualTo(100);
            factory.resize(4);
            // worker 0 is still blocked: whatever completes now ran on the three new workers
            int moved = mode == RoutingMode.CUSTOM_HASH ? 75 : 100 - 25;
            await().atMost(Duration.ofSeconds(10)).until(() -> done.sum() == moved);
            assertThat(factory.queueDepth()).isEqualTo(100 - moved);
            assertThat(factory.worker(0).state()).isEqualTo(dev.actorfactory.factory.stats.WorkerState.BUSY);
        } finally {
            release.countDown();
            FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            assertThat(stats.completed()).isEqualTo(101);
        }
    }

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void shrinkingLosesNothing(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(4);
        Factory.Builder<String, String, String> builder = Factory.<String, String, String>builder("shrink-" + mode)
                .workerBuilder(workers)
                .workers(4)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key.hashCode());
        }
        Factory<String, String, String> factory = builder.build().start();
        // block every worker (round-robin spreads these over all four), then queue work behind them
        for (int i = 0; i < 4; i++) {
            if (mode == RoutingMode.ROUND_ROBIN || mode == RoutingMode.QUEUER || mode == RoutingMode.STICKY_QUEUER) {
                factory.dispatch("blocker-" + i, "block");
            }
        }
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            queued.add(factory.call("key-" + (i % 20), "job-" + i));
        }
        factory.resize(1);
        assertThat(factory.workerCount()).isEqualTo(1);
        workers.release();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(stats.failed() + stats.discarded()).isZero();
        assertThat(stats.completed()).isEqualTo(stats.submitted());
    }

    @Test
    void aCapacityControllerResizesTheFactory() throws Exception {
        AtomicInteger desired = new AtomicInteger(3);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("controlled")
                .workerBuilder(id -> job -> "x")
                .workers(1)
                .maxWorkers(5)
                .capacityController(stats -> desired.get(), Duration.ofMillis(5))
                .build().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.workerCount() == 3);
        desired.set(50); // clamped to max-workers
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.workerCount() == 5);
        desired.set(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.workerCount() == 1);
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void badResizeArgumentsAreRejectedAndChangeNothing() throws Exception {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("bad-resize")
                .workerBuilder(id -> job -> "x")
                .workers(2)
                .maxWorkers(3)
                .build().start();
        assertThatThrownBy(() -> factory.resize(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers").hasMessageContaining("between 0 and 3");
        assertThatThrownBy(() -> factory.resize(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-workers");
        assertThat(factory.workerCount()).isEqualTo(2);
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> factory.resize(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STOPPED");
    }
}
