package dev.actorfactory.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffAndIntensityTest {

    @Test
    void exponentialBackoffDoublesUpToTheCap() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofMillis(80));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterStaysWithinItsBand() {
        Backoff backoff = Backoff.fixed(Duration.ofMillis(100)).withJitter(0.5);
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
        }
    }

    @Test
    void noneAndFixed() {
        assertThat(Backoff.none().delay(7)).isZero();
        assertThat(Backoff.fixed(Duration.ofSeconds(2)).delay(9)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> Backoff.none().delay(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
        assertThatThrownBy(() -> Backoff.none().withJitter(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factor");
        assertThatThrownBy(() -> RestartStrategy.oneForOne(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRestarts");
        assertThatThrownBy(() -> RestartStrategy.oneForOne(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within");
    }

    @Test
    void intensityAllowsMaxRestartsPerSlidingWindow() {
        RestartIntensity intensity = new RestartIntensity(2, Duration.ofSeconds(10));
        long second = 1_000_000_000L;
        assertThat(intensity.tryRecord(0)).isTrue();
        assertThat(intensity.tryRecord(1 * second)).isTrue();
        assertThat(intensity.tryRecord(2 * second)).isFalse();
        assertThat(intensity.recent(2 * second)).isEqualTo(2);
        // the first restart leaves the window at t=10s
        assertThat(intensity.tryRecord(10 * second)).isTrue();
        assertThat(intensity.recent(10 * second)).isEqualTo(2);
        assertThat(intensity.tryRecord(11 * second)).isTrue();
        assertThat(intensity.tryRecord(11 * second + 1)).isFalse();
    }

    @Test
    void zeroIntensityNeverAllowsARestart() {
        assertThat(new RestartIntensity(0, Duration.ofSeconds(1)).tryRecord(0)).isFalse();
    }
}
