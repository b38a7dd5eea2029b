package dev.actorfactory.factory;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.actorfactory.factory.worker.WorkerThreads;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.supervision.Backoff;

/**
 * The promises of the accounting contract, under many producer threads, with workers that crash, get stuck and
 * are killed, retries, load shedding, TTLs, resizes while running, and a drain at the end.
 */
class FactoryGuaranteesTest {

    private static final int PRODUCERS = 4;

    /** A job of the stress tests: who sent it, its key and its position in that key's sequence. */
    record Task(long id, int key, int seq, boolean failFirstAttempt, boolean hang) {
    }

    /** Every routing mode, on threads of their own and on shared threads. */
    static Stream<Arguments> everyMode() {
        return Arrays.stream(RoutingMode.values())
                .flatMap(mode -> Stream.of(Arguments.of(mode, WorkerThreads.PLATFORM),
                        Arguments.of(mode, WorkerThreads.SHARED)));
    }

    /** The key-ordered routing modes, on threads of their own and on shared threads. */
    static Stream<Arguments> keyOrderedModes() {
        return everyMode().filter(arguments -> ((RoutingMode) arguments.get()[0]).isKeyOrdered());
    }

    @ParameterizedTest
    @MethodSource("keyOrderedModes")
    void oneKeysJobsNeverOverlapAndRunInSubmissionOrderAcrossCrashesKillsRetriesAndResizes(RoutingMode mode,
            WorkerThreads threads) throws Exception {
        int keys = 64;
        int perKey = 150;
        Map<Integer, Task> running = new ConcurrentHashMap<>();
        Map<Integer, List<Integer>> completedSeqs = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> lastStarted = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();

        Factory<Integer, Task, Integer> factory = Factory.<Integer, Task, Integer>builder("order-" + mode)
                .workerThreads(threads)
                .workerBuilder(id -> job -> {
                    Task task = job.message();
                    Task other = running.putIfAbsent(task.key(), task);
                    if (other != null) {
                        violations.add("key " + task.key() + ": seq " + task.seq() + " overlaps seq " + other.seq());
                    }
                    try {
                        int previous = lastStarted.computeIfAbsent(task.key(), k -> new AtomicInteger(-1))
                                .getAndSet(task.seq());
                        boolean retryOfSame = previous == task.seq() && job.attempt() > 1;
                        if (previous >= task.seq() && !retryOfSame) {
                            violations.add("key " + task.key() + ": seq " + task.seq() + " (attempt " + job.attempt() + ") after " + previous);
                        }
                        if (task.failFirstAttempt() && job.attempt() == 1) {
                            throw new IllegalStateException("planned crash");
                        }
                        if (task.hang() && job.attempt() == 1) {
                            new CountDownLatch(1).await(); // stuck until the dead man's switch kills it
                        }
                        completedSeqs.computeIfAbsent(task.key(), k -> new CopyOnWriteArrayList<>()).add(task.seq());
                        return task.seq();
                    } finally {
                        running.remove(task.key(), task);
                    }
                })
                .workers(4)
                .maxWorkers(8)
                .routing(mode)
                // a busy machine may also kill a slow but healthy attempt: every job is retried until it succeeds
                .retryPolicy(RetryPolicy.forever().withBackoff(Backoff.fixed(Duration.ofNanos(50_000))))
                .crashBackoff(Backoff.fixed(Duration.ofNanos(10_000)))
                // the killed attempts honour interruption: a generous grace, so the key always waits for them
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(30), true).withGrace(Duration.ofSeconds(60)))
                .build().start();

        AtomicBoolean producing = new AtomicBoolean(true);
        Thread resizer = new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (producing.get()) {
                factory.resize(1 + random.nextInt(8));
                Thread.onSpinWait();
            }
        }, "resizer");
        resizer.start();

        List<CompletableFuture<Integer>> calls = new CopyOnWriteArrayList<>();
        runProducers(producer -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int seq = 0; seq < perKey; seq++) {
                for (int key = producer; key < keys; key += PRODUCERS) { // each key has a single producer
                    calls.add(factory.call(key, new Task(0, key, seq, random.nextInt(20) == 0,
                            random.nextInt(400) == 0)));
                }
            }
        });
        producing.set(false);
        resizer.join();

        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        FactoryStats stats = factory.drain(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);

        assertThat(violations).isEmpty();
        for (int key = 0; key < keys; key++) {
            // a killed attempt that had already started may still finish on its old thread (the JVM cannot stop
            // it); its retry then runs after it has left the worker, so it shows up as an adjacent repeat only
            List<Integer> completions = completedSeqs.get(key);
            List<Integer> distinct = new ArrayList<>();
            for (int seq : completions) {
                if (distinct.isEmpty() || distinct.get(distinct.size() - 1) != seq) {
                    distinct.add(seq);
                }
            }
            assertThat(distinct).as("key %s", key).hasSize(perKey).isSorted();
        }
        assertThat(stats.submitted()).isEqualTo((long) keys * perKey);
        assertThat(stats.completed()).isEqualTo(stats.submitted());
        assertThat(stats.failed() + stats.discarded()).isZero();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> factory.stats().abandonedRuns() == 0); // every killed attempt leaves its worker
    }

    @ParameterizedTest
    @MethodSource("everyMode")
    void everyJobEndsExactlyOnceAndEveryCallCompletesUnderChaosWithLoadShedding(RoutingMode mode,
            WorkerThreads threads) throws Exception {
        chaos(mode, threads, true);
    }

    @ParameterizedTest
    @MethodSource("everyMode")
    void everyJobEndsExactlyOnceAndEveryCallCompletesUnderChaosWithUnboundedQueues(RoutingMode mode,
            WorkerThreads threads) throws Exception {
        chaos(mode, threads, false);
    }

    private void chaos(RoutingMode mode, WorkerThreads threads, boolean shedding) throws Exception {
        int perProducer = 3_000;
        AtomicLong clock = new AtomicLong();
        Map<Long, Long> discardedAt = new ConcurrentHashMap<>();
        Map<Long, Integer> discardedAttempt = new ConcurrentHashMap<>();
        Map<Long, List<Long>> startedAt = new ConcurrentHashMap<>();
        Set<String> attemptsSeen = ConcurrentHashMap.newKeySet();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicLong ids = new AtomicLong();

        Factory.Builder<Integer, Task, Long> builder = Factory.<Integer, Task, Long>builder("chaos-" + mode + (shedding ? "-shed" : ""))
                .workerThreads(threads)
                .workerBuilder(id -> job -> {
                    Task task = job.message();
                    startedAt.computeIfAbsent(task.id(), k -> new CopyOnWriteArrayList<>())
                            .add(clock.incrementAndGet());
                    if (!attemptsSeen.add(task.id() + "#" + job.attempt())) {
                        violations.add("job " + task.id() + " attempt " + job.attempt() + " ran twice");
                    }
                    if (task.hang() && job.attempt() == 1) {
                        new CountDownLatch(1).await(); // stuck until the dead man's switch kills it
                    }
                    if (task.failFirstAttempt() && job.attempt() == 1) {
                        throw new IllegalStateException("crash");
                    }
                    return task.id();
                })
                .workers(4)
                .maxWorkers(6)
                .routing(mode)
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(30), true))
                .crashBackoff(Backoff.fixed(Duration.ofNanos(10_000)))
                .discardHandler((job, reason) -> {
                    discardedAttempt.put(job.message().id(), job.attempt());
                    if (discardedAt.putIfAbsent(job.message().id(), clock.incrementAndGet()) != null) {
                        violations.add("job " + job.message().id() + " discarded twice");
                    }
                });
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key);
        }
        if (shedding) {
            builder.discardLimit(40, DiscardMode.OLDEST);
        }
        Factory<Integer, Task, Long> factory = builder.build().start();

        AtomicBoolean producing = new AtomicBoolean(true);
        Thread resizer = new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (producing.get()) {
                factory.resize(1 + random.nextInt(6));
                Thread.onSpinWait();
            }
        }, "resizer");
        resizer.start();

        List<CompletableFuture<Long>> calls = new CopyOnWriteArrayList<>();
        runProducers(producer -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < perProducer; i++) {
                Task task = new Task(ids.incrementAndGet(), random.nextInt(100), i, random.nextInt(50) == 0,
                        random.nextInt(1_000) == 0);
                JobOptions options = JobOptions.defaults();
                if (random.nextInt(10) == 0) {
                    options = options.withTtl(Duration.ofNanos(1 + random.nextInt(2_000_000)));
                }
                if (random.nextBoolean()) {
                    options = options.withRetry(RetryPolicy.times(1));
                }
                calls.add(factory.call(task.key(), task, options));
            }
        });
        producing.set(false);
        resizer.join();

        FactoryStats stats = factory.drain(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);

        long completed = 0;
        long failed = 0;
        long discarded = 0;
        for (CompletableFuture<Long> call : calls) {
            assertThat(call).as("every call future completes").isDone();
            try {
                call.get();
                completed++;
            } catch (ExecutionException error) {
                if (error.getCause() instanceof JobDiscardedException) {
                    discarded++;
                } else {
                    failed++;
                }
            }
        }
        assertThat(violations).isEmpty();
        assertThat(stats.submitted()).isEqualTo((long) PRODUCERS * perProducer);
        assertThat(stats.completed()).isEqualTo(completed);
        assertThat(stats.failed()).isEqualTo(failed);
        assertThat(stats.discarded()).isEqualTo(discarded).isEqualTo(discardedAt.size());
        assertThat(stats.completed() + stats.failed() + stats.discarded()).isEqualTo(stats.submitted());
        discardedAt.forEach((id, discardTime) -> {
            // the discarded attempt never ran, nor any later one; an earlier attempt that was killed after it
            // started may still have been inside the worker (the JVM cannot stop it), so only a first attempt's
            // discard also means the job never ran at all
            int attempt = discardedAttempt.get(id);
            for (int later = attempt; later <= attempt + 1; later++) {
                assertThat(attemptsSeen).as("job %s ran attempt %s after it was discarded", id, later)
                        .doesNotContain(id + "#" + later);
            }
            if (attempt == 1) {
                assertThat(startedAt.getOrDefault(id, List.of())).as("job %s ran after it was discarded", id)
                        .isEmpty();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("everyMode")
    void noJobIsStrandedWhileWorkersKeepGoingIdleAndBeingWoken(RoutingMode mode, WorkerThreads threads)
            throws Exception {
        java.util.concurrent.atomic.LongAdder done = new java.util.concurrent.atomic.LongAdder();
        Factory.Builder<Integer, Integer, Void> builder = Factory.<Integer, Integer, Void>builder("wake-" + mode)
                .workerThreads(threads)
                .workerBuilder(id -> job -> {
                    done.increment();
                    return null;
                })
                .workers(4)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key);
        }
        Factory<Integer, Integer, Void> factory = builder.build().start();
        long expected = 0;
        for (int round = 0; round < 40; round++) {
            int jobs = 1 + (round * 7919) % 20_000; // bursts of varied size; workers idle in between
            for (int i = 0; i < jobs; i++) {
                factory.dispatch(i, i);
            }
            expected += jobs;
            long target = expected;
            org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .atMost(Duration.ofSeconds(30)).until(() -> done.sum() == target);
        }
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
        assertThat(stats.completed()).isEqualTo(expected);
    }

    /** Runs {@link #PRODUCERS} producer threads to completion, rethrowing the first failure. */
    private static void runProducers(ProducerBody body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    body.produce(producer);
                } catch (Throwable error) {
                    errors.add(error);
                }
            }, "producer-" + p);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(120));
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("a producer failed", errors.get(0));
        }
    }

    @FunctionalInterface
    private interface ProducerBody {
        void produce(int producer) throws Exception;
    }
}
