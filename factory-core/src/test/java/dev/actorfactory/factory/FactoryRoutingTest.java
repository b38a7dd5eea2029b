package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.routing.RoutingMode;

class FactoryRoutingTest {

    private final List<Factory<?, ?, ?>> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(factory -> factory.stop().join());
    }

    private <K, M> Factory<K, M, Integer> start(Factory.Builder<K, M, Integer> builder) {
        Factory<K, M, Integer> factory = builder.build().start();
        started.add(factory);
        return factory;
    }

    /** Each job returns the id of the worker that ran it. */
    private static <K> Factory.Builder<K, Integer, Integer> workerIdFactory(String name, RoutingMode mode, int workers) {
        return Factory.<K, Integer, Integer>builder(name)
                .workerBuilder(id -> job -> id)
                .workers(workers)
                .routing(mode);
    }

    @Test
    void keyPersistentSendsEachKeyToOneWorkerInSubmissionOrder() throws Exception {
        Map<Integer, List<int[]>> seen = new ConcurrentHashMap<>();
        Factory<Integer, Integer, Integer> factory = start(Factory.<Integer, Integer, Integer>builder("kp")
                .workerBuilder(id -> job -> {
                    seen.computeIfAbsent(job.key(), k -> new CopyOnWriteArrayList<>())
                            .add(new int[] {id, job.message()});
                    return id;
                })
                .workers(4)
                .routing(RoutingMode.KEY_PERSISTENT));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int seq = 0; seq < 50; seq++) {
            for (int key = 0; key < 100; key++) {
                calls.add(factory.call(key, seq));
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(seen).hasSize(100);
        Set<Integer> workersUsed = ConcurrentHashMap.newKeySet();
        seen.forEach((key, runs) -> {
            assertThat(runs).extracting(run -> run[0]).as("key %s on one worker", key).containsOnly(runs.get(0)[0]);
            assertThat(runs).extracting(run -> run[1]).as("key %s in order", key).isSorted().hasSize(50);
            workersUsed.add(runs.get(0)[0]);
        });
        assertThat(workersUsed).hasSize(4);
    }

    @Test
    void queuerGivesJobsOnlyToIdleWorkers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        Factory<String, Integer, Integer> factory = start(Factory.<String, Integer, Integer>builder("queuer")
                .workerBuilder(id -> job -> {
                    if (job.message() == 0) {
                        blocking.countDown();
                        release.await();
                    }
                    return id;
                })
                .workers(2)
                .routing(RoutingMode.QUEUER));
        CompletableFuture<Integer> blocked = factory.call("a", 0);
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        int busyWorker = factory.stats().workerStats().stream().filter(w -> w.currentKey() != null)
                .findFirst().orElseThrow().workerId();
        List<CompletableFuture<Integer>> quick = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            quick.add(factory.call("k" + i, i));
        }
        CompletableFuture.allOf(quick.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(quick).extracting(CompletableFuture::join).containsOnly(1 - busyWorker);
        release.countDown();
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo(busyWorker);
    }

    @Test
    void stickyQueuerKeepsABusyKeyOnItsWorkerAndSendsOthersToIdleWorkers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        Factory<String, String, Integer> factory = start(Factory.<String, String, Integer>builder("sticky")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("block")) {
                        blocking.countDown();
                        release.await();
                    }
                    order.add(job.key() + ":" + job.message());
                    return id;
                })
                .workers(2)
                .routing(RoutingMode.STICKY_QUEUER));
        CompletableFuture<Integer> first = factory.call("busy", "block");
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = factory.call("busy", "2");
        CompletableFuture<Integer> third = factory.call("busy", "3");
        List<CompletableFuture<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(factory.call("other-" + i, "x"));
        }
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(second).isNotDone();
        release.countDown();
        int busyWorker = first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(busyWorker);
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(busyWorker);
        assertThat(others).extracting(CompletableFuture::join).containsOnly(1 - busyWorker);
        assertThat(order).filteredOn(entry -> entry.startsWith("busy")).containsExactly("busy:block", "busy:2",
                "busy:3");
    }

    @Test
    void roundRobinHandsJobsToWorkersInTurn() throws Exception {
        Factory<String, Integer, Integer> factory = start(workerIdFactory("rr", RoutingMode.ROUND_ROBIN, 3));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(factory.call("same-key", i));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 30; i++) {
            assertThat(calls.get(i).join()).isEqualTo(i % 3);
        }
    }

    @Test
    void randomRoutingSpreadsJobsOverWorkers() throws Exception {
        Factory<String, Integer, Integer> factory = start(workerIdFactory("random", RoutingMode.RANDOM, 4));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            calls.add(factory.call("same-key", i));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(calls.stream().map(CompletableFuture::join).distinct()).hasSize(4);
    }

    @Test
    void customHashPicksTheWorkerTheFunctionNames() throws Exception {
        Factory<Integer, Integer, Integer> factory = start(Factory.<Integer, Integer, Integer>builder("custom")
                .workerBuilder(id -> job -> id)
                .workers(4)
                .customHash((key, workers) -> key * 7));
        for (int key = 0; key < 40; key++) {
            assertThat(factory.call(key, 0).get(10, TimeUnit.SECONDS)).isEqualTo(Math.floorMod(key * 7, 4));
        }
    }

    @Test
    void aFullWorkerQueueSendsTheJobOnToTheNextWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(2);
        Factory<String, Integer, Integer> factory = start(Factory.<String, Integer, Integer>builder("ergo")
                .workerBuilder(id -> job -> {
                    if (job.message() < 0) {
                        blocking.countDown();
                        release.await();
                    }
                    return id;
                })
                .workers(2)
                .routing(RoutingMode.ROUND_ROBIN)
                .discardLimit(2, dev.actorfactory.factory.discard.DiscardMode.NEWEST));
        factory.dispatch("x", -1); // worker 0 blocks
        factory.dispatch("x", -2); // worker 1 blocks
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        // round-robin would put 2 jobs on each worker; a full queue passes the job to the next one
        List<DispatchResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(factory.dispatch("x", i));
        }
        assertThat(results.subList(0, 4)).allMatch(DispatchResult::isAccepted);
        assertThat(results.get(4).reason()).isEqualTo(dev.actorfactory.factory.discard.DiscardReason.LOAD_SHED);
        assertThat(factory.stats().workerStats()).extracting(w -> w.queueDepth()).containsExactly(2, 2);
        release.countDown();
        assertThat(factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS).completed()).isEqualTo(6);
    }
}
