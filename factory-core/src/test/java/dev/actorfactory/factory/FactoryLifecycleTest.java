package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.factory.worker.WorkerThreads;

/** Start, lifecycle hooks, drain and stop, and blocking workers. */
class FactoryLifecycleTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    private FactoryLifecycleHooks recordingHooks() {
        return new FactoryLifecycleHooks() {
            @Override
            public void onStarted(String factory) {
                events.add("started:" + factory);
            }

            @Override
            public void onDraining(String factory) {
                events.add("draining");
            }

            @Override
            public void onStopped(String factory) {
                events.add("stopped");
            }
        };
    }

    @Test
    void onStartedRunsAfterTheWorkersAreBuiltAndBeforeTheFirstJob() throws Exception {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("hooks")
                .workerBuilder(id -> {
                    events.add("built:" + id);
                    return job -> {
                        events.add("job:" + job.message());
                        return "ok";
                    };
                })
                .workers(2)
                .lifecycleHooks(recordingHooks())
                .build();
        assertThatThrownBy(() -> factory.dispatch("k", "too early")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
        factory.start();
        assertThat(factory.call("k", "first").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(events).containsExactly("built:0", "built:1", "started:hooks", "job:first", "draining", "stopped");
        assertThat(factory.state()).isEqualTo(FactoryState.STOPPED);
        assertThatThrownBy(factory::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
    }

    @Test
    void aFailingOnStartedHookAbortsTheStart() {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("abort")
                .workerBuilder(id -> job -> "ok")
                .workers(1)
                .lifecycleHooks(new FactoryLifecycleHooks() {
                    @Override
                    public void onStarted(String factory) throws Exception {
                        throw new java.io.IOException("dependency down");
                    }
                })
                .build();
        assertThatThrownBy(factory::start).isInstanceOf(FactoryStartException.class)
                .hasRootCauseMessage("dependency down");
        assertThat(factory.state()).isEqualTo(FactoryState.FAILED);
        assertThatThrownBy(() -> factory.dispatch("k", "x")).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER", "ROUND_ROBIN"})
    void drainFinishesQueuedAndRunningJobsAndRefusesNewOnes(RoutingMode mode) throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        List<String> stopped = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("drain-" + mode)
                .workerBuilder(id -> {
                    Worker<String, String, String> inner = workers.build(id);
                    return new Worker<>() {
                        @Override
                        public String handle(dev.actorfactory.factory.job.Job<String, String> job) throws Exception {
                            return inner.handle(job);
                        }

                        @Override
                        public void onStop() {
                            stopped.add("worker " + id);
                        }
                    };
                })
                .workers(2)
                .routing(mode)
                .lifecycleHooks(recordingHooks())
                .build().start();
        CompletableFuture<String> running = factory.call("k", "block");
        workers.awaitBlocked();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queued.add(factory.call("k", "queued-" + i));
        }
        CompletableFuture<FactoryStats> drained = factory.drain(Duration.ofSeconds(30));
        assertThat(factory.state()).isEqualTo(FactoryState.DRAINING);
        CompletableFuture<String> late = factory.call("k", "late");
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(JobDiscardedException.class)
                .hasMessageContaining("shutdown");
        assertThat(drained).isNotDone();

        workers.release();
        FactoryStats stats = drained.get(10, TimeUnit.SECONDS);
        assertThat(running.get()).isEqualTo("block");
        assertThat(queued).allMatch(call -> call.isDone() && !call.isCompletedExceptionally());
        assertThat(stats.completed()).isEqualTo(11);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.SHUTDOWN, 1L);
        assertThat(stats.outstanding()).isZero();
        assertThat(stats.state()).isEqualTo(FactoryState.STOPPED);
        assertThat(events).containsSubsequence("draining", "stopped");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> stopped.size() == 2);
        assertThat(factory.drain(Duration.ZERO)).isSameAs(drained);
    }

    @Test
    void aDrainThatTimesOutDiscardsTheQueueAndFailsRunningJobs() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("drain-timeout")
                .workerBuilder(workers)
                .workers(1)
                .build().start();
        CompletableFuture<String> running = factory.call("k", "block");
        workers.awaitBlocked();
        CompletableFuture<String> queued = factory.call("k", "queued");
        FactoryStats stats = factory.drain(Duration.ofMillis(50)).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(running::join).cause().isInstanceOf(FactoryStoppedException.class)
                .hasMessageContaining("drain timeout");
        assertThatThrownBy(queued::join).cause().isInstanceOf(JobDiscardedException.class)
                .hasMessageContaining("shutdown");
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.SHUTDOWN, 1L);
        assertThat(stats.outstanding()).isZero();
        workers.release();
        assertThat(workers.ran).as("the interrupted job's late result is ignored").isEmpty();
    }

    @Test
    void stopIsADrainWithoutGrace() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("stop")
                .workerBuilder(workers)
                .workers(1)
                .build().start();
        CompletableFuture<String> running = factory.call("k", "block");
        workers.awaitBlocked();
        FactoryStats stats = factory.stop().get(10, TimeUnit.SECONDS);
        assertThat(running).isCompletedExceptionally();
        assertThat(stats.outstanding()).isZero();
        assertThat(factory.dispatch("k", "after").reason()).isEqualTo(DiscardReason.SHUTDOWN);
    }

    @Test
    void drainingAFactoryThatNeverStartedJustStopsIt() throws Exception {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("never")
                .workerBuilder(id -> job -> "x").workers(1).build();
        assertThat(factory.drain(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS).state())
                .isEqualTo(FactoryState.STOPPED);
    }

    @ParameterizedTest
    @EnumSource(value = WorkerThreads.class, names = {"PLATFORM", "VIRTUAL"})
    void nWorkersRunNBlockingJobsAtOnce(WorkerThreads threads) throws Exception {
        int workers = 8;
        CyclicBarrier barrier = new CyclicBarrier(workers);
        Factory<Integer, String, Integer> factory = Factory.<Integer, String, Integer>builder("blocking-" + threads)
                .workerBuilder(id -> job -> {
                    barrier.await(30, TimeUnit.SECONDS); // only passes if all eight run at the same time
                    return id;
                })
                .workers(workers)
                .routing(RoutingMode.ROUND_ROBIN)
                .workerThreads(threads)
                .build().start();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            calls.add(factory.call(i, "block"));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(calls).extracting(CompletableFuture::join).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(barrier.isBroken()).isFalse();
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void sharedWorkersTakeTurnsOnTheDispatchersThreadsAndOneWorkerNeverRunsTwoJobsAtOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> threadNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Map<Integer, java.util.concurrent.atomic.AtomicBoolean> busy = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> overlaps = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.actorfactory.actor.dispatch.Dispatcher dispatcher =
                dev.actorfactory.actor.dispatch.Dispatcher.shared("turns", 2, 4);
        try {
            Factory<Integer, String, Integer> factory = Factory.<Integer, String, Integer>builder("shared")
                    .workerBuilder(id -> job -> {
                        if (!busy.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicBoolean())
                                .compareAndSet(false, true)) {
                            overlaps.add("worker " + id);
                        }
                        threadNames.add(Thread.currentThread().getName());
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.sleep(1);
                        running.decrementAndGet();
                        busy.get(id).set(false);
                        return id;
                    })
                    .workers(16)
                    .routing(RoutingMode.ROUND_ROBIN)
                    .dispatcher(dispatcher)
                    .build().start();
            assertThat(factory.settingsInEffect()).containsEntry("threads", "shared");
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                calls.add(factory.call(i, "job"));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(overlaps).as("one worker, one job at a time").isEmpty();
            assertThat(mostAtOnce.get()).as("16 workers on the dispatcher's two threads").isBetween(1, 2);
            assertThat(threadNames).allSatisfy(name -> assertThat(name).startsWith("turns-"));
            assertThat(factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS).completed()).isEqualTo(400);
        } finally {
            dispatcher.close();
        }
    }

    @Test
    void workersRunOnThreadsFromACallerSuppliedThreadFactory() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        String[] thread = new String[1];
        Factory<String, String, String> factory = Factory.<String, String, String>builder("own-threads")
                .workerBuilder(id -> job -> {
                    thread[0] = Thread.currentThread().getName();
                    ran.countDown();
                    return "x";
                })
                .workers(1)
                .threadFactory(runnable -> new Thread(runnable, "caller-owned"))
                .build().start();
        factory.dispatch("k", "x");
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thread[0]).isEqualTo("caller-owned");
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void hooksThatThrowErrorsNeitherStallADrainNorLoseItsJobs() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("broken-hooks")
                .workerBuilder(workers)
                .workers(1)
                .lifecycleHooks(new FactoryLifecycleHooks() {
                    @Override
                    public void onDraining(String name) {
                        throw new AssertionError("broken on-draining hook");
                    }

                    @Override
                    public void onStopped(String name) {
                        throw new StackOverflowError("broken on-stopped hook");
                    }
                })
                .build().start();
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        for (int i = 0; i < 10; i++) {
            factory.dispatch("k", "queued-" + i);
        }
        FactoryStats stats = factory.drain(Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
        workers.release();
        assertThat(factory.state()).isEqualTo(FactoryState.STOPPED);
        assertThat(stats.outstanding()).isZero();
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.SHUTDOWN, 10L);
    }

    @Test
    void aStoppedFactoryReportsNoWorkers() throws Exception {
        BlockingWorkers workers = new BlockingWorkers(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("stopped-numbers")
                .workerBuilder(workers)
                .workers(4)
                .build().start();
        assertThat(factory.call("k", "done").get(10, TimeUnit.SECONDS)).isEqualTo("done");
        factory.dispatch("k", "block");
        workers.awaitBlocked();
        assertThat(factory.stats().workers()).isEqualTo(4);
        assertThat(factory.stats().busy()).isEqualTo(1);
        FactoryStats last = factory.drain(Duration.ofMillis(50)).get(10, TimeUnit.SECONDS);
        workers.release();
        assertThat(last.workers()).isZero();
        assertThat(last.busy()).isZero();
        assertThat(last.workerStats()).hasSize(4).allSatisfy(worker -> {
            assertThat(worker.state()).isEqualTo(dev.actorfactory.factory.stats.WorkerState.STOPPED);
            assertThat(worker.currentKey()).isNull();
        });
        assertThat(last.workerStats().stream().mapToLong(dev.actorfactory.factory.stats.WorkerStats::processed)
                .sum()).as("the record of what they did is kept").isEqualTo(1);
        assertThat(factory.workerCount()).isZero();
        assertThat(factory.activeWorkers()).isZero();
        assertThat(factory.settingsInEffect()).containsEntry("workers", 0);
    }
}
