package dev.actorfactory.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.clock.ManualClock;

/** The crash-loop window, on a manual clock: no test waits for time to pass. */
class CrashLoopDetectorTest {

    private final ManualClock clock = new ManualClock();
    private final CrashLoopDetector detector = new CrashLoopDetector(3, Duration.ofMinutes(1), clock);

    private void restarts(int count, Duration apart) {
        for (int i = 0; i < count; i++) {
            detector.restarted();
            clock.advance(apart);
        }
    }

    @Test
    void moreThanTheLimitWithinTheWindowIsALoopAndTheLimitItselfIsNot() {
        restarts(3, Duration.ofSeconds(1));
        assertThat(detector.crashLooping()).isFalse();
        assertThat(detector.recentRestarts()).isEqualTo(3);
        restarts(1, Duration.ZERO);
        assertThat(detector.crashLooping()).isTrue();
        assertThat(detector.recentRestarts()).isEqualTo(4);
    }

    @Test
    void theLoopEndsWhenItsOldestRestartLeavesTheWindow() {
        restarts(4, Duration.ofSeconds(10)); // at 0, 10, 20 and 30 s; now 40 s
        assertThat(detector.crashLooping()).isTrue();
        clock.advance(Duration.ofSeconds(20)); // 60 s: the restart at 0 s is exactly one window old
        assertThat(detector.crashLooping()).isTrue();
        clock.advance(Duration.ofNanos(1));
        assertThat(detector.crashLooping()).isFalse();
        assertThat(detector.recentRestarts()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(1));
        assertThat(detector.recentRestarts()).isZero();
    }

    @Test
    void theWindowSlidesWithTime() {
        restarts(20, Duration.ofSeconds(16)); // one every 16 s; now 16 s after the last
        assertThat(detector.recentRestarts()).isEqualTo(3); // 16, 32 and 48 s ago (64 s ago is out)
        assertThat(detector.crashLooping()).isFalse();
        restarts(1, Duration.ZERO); // 4 within 48 s
        assertThat(detector.crashLooping()).isTrue();
    }

    @Test
    void aCompletedJobEndsTheLoopAndRestartsCountAgainFromThere() {
        restarts(10, Duration.ofSeconds(1));
        assertThat(detector.crashLooping()).isTrue();
        detector.completed();
        assertThat(detector.crashLooping()).isFalse();
        assertThat(detector.recentRestarts()).as("the details still show them").isEqualTo(4);
        restarts(3, Duration.ZERO);
        assertThat(detector.crashLooping()).isFalse();
        restarts(1, Duration.ZERO);
        assertThat(detector.crashLooping()).isTrue();
        detector.completed();
        detector.completed();
        assertThat(detector.crashLooping()).isFalse();
    }

    @Test
    void restartsFromManyThreadsAreAllCounted() throws Exception {
        CrashLoopDetector wide = new CrashLoopDetector(1_000, Duration.ofMinutes(1), clock);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 125; i++) {
                    wide.restarted();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(wide.recentRestarts()).isEqualTo(1_000);
        assertThat(wide.crashLooping()).isFalse();
        wide.restarted();
        assertThat(wide.crashLooping()).isTrue();
    }

    @Test
    void refusesLimitsOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CrashLoopDetector(0, Duration.ofMinutes(1), clock));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrashLoopDetector(-1, Duration.ofMinutes(1), clock));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrashLoopDetector(
                CrashLoopDetector.MAX_RESTARTS_LIMIT + 1, Duration.ofMinutes(1), clock));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrashLoopDetector(10, Duration.ZERO, clock));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrashLoopDetector(10, Duration.ofSeconds(-1),
                clock));
        assertThat(new CrashLoopDetector(1, Duration.ofDays(365_000_000L), clock).within())
                .isEqualTo(Duration.ofDays(365_000_000L));
    }
}
