package dev.actorfactory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class StripedCounterTest {

    @Test
    void countsEveryIncrementOfManyThreadsExactly() throws Exception {
        StripedCounter counter = new StripedCounter();
        int threads = 8;
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counter.increment();
                }
                counter.add(-1);
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(counter.sum()).isEqualTo((long) threads * perThread - threads);
    }

    @Test
    void uniqueNumbersAreUniqueAndPositiveAcrossThreadsAndCountAsIncrements() throws Exception {
        StripedCounter counter = new StripedCounter();
        int threads = 6;
        int perThread = 50_000;
        java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    long unique = counter.incrementAndGetUnique();
                    if (unique <= 0 || !seen.add(unique)) {
                        duplicates.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(threads * perThread);
        assertThat(counter.sum()).isEqualTo((long) threads * perThread);
    }

    @Test
    void aSumSeesTheIncrementsThatHappenedBeforeIt() throws Exception {
        StripedCounter counter = new StripedCounter();
        Thread other = new Thread(() -> counter.add(5));
        other.start();
        other.join(); // happens-before the read below
        counter.increment();
        assertThat(counter.sum()).isEqualTo(6);
        assertThat(counter).hasToString("6");
    }

    @Test
    void stripesAreAPowerOfTwoBetweenTwoAndEight() {
        assertThat(StripedCounter.stripes(1)).isEqualTo(2);
        assertThat(StripedCounter.stripes(2)).isEqualTo(2);
        assertThat(StripedCounter.stripes(3)).isEqualTo(4);
        assertThat(StripedCounter.stripes(6)).isEqualTo(8);
        assertThat(StripedCounter.stripes(64)).isEqualTo(8);
    }
}
