package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;

/**
 * Settings changed and the factory resized (to 0 too) over and over while several threads submit: nothing is lost
 * or ended twice, every future completes, the counts add up, and under key-ordered routing one key's jobs never
 * overlap and run in submission order.
 */
class RuntimeSettingsStressTest {

    private static final int SUBMITTERS = 4;
    private static final int JOBS_PER_SUBMITTER = 3_000;
    private static final int KEYS_PER_SUBMITTER = 8;
    private static final Set<DiscardReason> SHEDDING = EnumSet.of(DiscardReason.LOAD_SHED,
            DiscardReason.RATE_LIMITED, DiscardReason.TTL_EXPIRED);

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "STICKY_QUEUER", "QUEUER", "ROUND_ROBIN"})
    void changesAndResizesWhileSubmittingLoseNothing(RoutingMode mode) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Integer> lastRun = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong handled = new AtomicLong();
        Map<DiscardReason, AtomicLong> discardedSeen = new ConcurrentHashMap<>();
        boolean keyed = mode.isKeyOrdered();

        Factory<String, Integer, Integer> factory = Factory.<String, Integer, Integer>builder("stress-" + mode)
                .workerBuilder(id -> job -> {
                    AtomicInteger running = inFlight.computeIfAbsent(job.key(), key -> new AtomicInteger());
                    if (keyed && running.incrementAndGet() != 1) {
                        violations.add("overlap on " + job.key());
                    }
                    Integer previous = lastRun.put(job.key(), job.message());
                    if (keyed && previous != null && previous >= job.message()) {
                        violations.add("key " + job.key() + " ran " + job.message() + " after " + previous);
                    }
                    handled.incrementAndGet();
                    if (keyed) {
                        running.decrementAndGet();
                    }
                    return job.message();
                })
                .workers(2)
                .maxWorkers(4)
                .routing(mode)
                .discardHandler((job, reason) -> discardedSeen.computeIfAbsent(reason, r -> new AtomicLong())
                        .incrementAndGet())
                .build().start();

        AtomicBoolean submitting = new AtomicBoolean(true);
        AtomicLong changes = new AtomicLong();
        List<String> changerErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread changer = new Thread(() -> {
            while (submitting.get()) {
                try {
                    change(factory, random);
                    changes.incrementAndGet();
                } catch (RuntimeException | Error error) {
                    changerErrors.add(error.toString());
                    return;
                }
                Thread.yield();
            }
        }, "stress-changer");

        CountDownLatch go = new CountDownLatch(1);
        List<List<CompletableFuture<Integer>>> calls = new ArrayList<>();
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            List<CompletableFuture<Integer>> mine = new ArrayList<>();
            calls.add(mine);
            int thread = t;
            submitters.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < JOBS_PER_SUBMITTER; i++) {
                    // the sequence number grows per submitter, so it grows per key
                    mine.add(factory.call("t" + thread + "-k" + (i % KEYS_PER_SUBMITTER), i));
                }
            }, "stress-submitter-" + t));
        }
        submitters.forEach(Thread::start);
        changer.start();
        go.countDown();
        for (Thread submitter : submitters) {
            submitter.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(submitter.isAlive()).as("submitter stuck (seed %d)", seed).isFalse();
        }
        submitting.set(false);
        changer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(changerErrors).as("seed %d", seed).isEmpty();

        // let everything left run: workers back, no limit, no rate limit, no TTL for what comes (nothing comes)
        factory.updateSettings(SettingsChange.builder().unlimitedQueue().noRateLimiter().noDefaultJobTtl().build());
        factory.resize(3);

        long completed = 0;
        long discarded = 0;
        for (List<CompletableFuture<Integer>> mine : calls) {
            for (int i = 0; i < mine.size(); i++) {
                try {
                    assertThat(mine.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
                    completed++;
                } catch (ExecutionException ended) {
                    assertThat(ended.getCause()).as("seed %d", seed).isInstanceOf(JobDiscardedException.class);
                    assertThat(((JobDiscardedException) ended.getCause()).reason()).isIn(SHEDDING);
                    discarded++;
                }
            }
        }
        FactoryStats stats = factory.drain(Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
        long total = (long) SUBMITTERS * JOBS_PER_SUBMITTER;
        assertThat(violations).as("seed %d", seed).isEmpty();
        assertThat(completed + discarded).isEqualTo(total);
        assertThat(stats.submitted()).isEqualTo(total);
        assertThat(stats.completed()).as("seed %d", seed).isEqualTo(completed).isEqualTo(handled.get());
        assertThat(stats.failed()).isZero();
        assertThat(stats.discarded()).isEqualTo(discarded);
        assertThat(stats.outstanding()).isZero();
        long handedToHandler = discardedSeen.values().stream().mapToLong(AtomicLong::get).sum();
        assertThat(handedToHandler).isEqualTo(discarded);
        assertThat(discardedSeen.keySet()).isSubsetOf(SHEDDING);
        assertThat(changes.get()).isPositive();
    }

    /** One random change: a limit (or none), a mode, a rate limiter (or none), a TTL (or none), or a resize. */
    private static void change(Factory<String, Integer, Integer> factory, Random random) {
        switch (random.nextInt(6)) {
            case 0 -> factory.updateSettings(SettingsChange.builder()
                    .discardLimit(1 + random.nextInt(40), random.nextBoolean() ? DiscardMode.OLDEST
                            : DiscardMode.NEWEST).build());
            case 1 -> factory.updateSettings(SettingsChange.builder().unlimitedQueue().build());
            case 2 -> factory.updateSettings(random.nextBoolean()
                    ? SettingsChange.builder().rateLimiter(new RateLimiter(200, Duration.ofMillis(1), 400)).build()
                    : SettingsChange.builder().noRateLimiter().build());
            case 3 -> factory.updateSettings(random.nextBoolean()
                    ? SettingsChange.builder().defaultJobTtl(Duration.ofMillis(1 + random.nextInt(50))).build()
                    : SettingsChange.builder().noDefaultJobTtl().build());
            default -> factory.resize(random.nextInt(5)); // 0 to 4 workers
        }
    }
}
