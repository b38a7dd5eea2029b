package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.supervision.Backoff;

/** Which errors are retried, and exponential backoff with a multiplier and jitter. */
class RetryRulesTest {

    private Factory<String, String, String> factory;

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.stop().join();
        }
    }

    /** Each message names the exception its job throws on every attempt: "io", "fnf" or "state". */
    private Factory<String, String, String> failingWith(RetryPolicy policy, List<String> attempts) {
        factory = Factory.<String, String, String>builder("retry-rules")
                .workerBuilder(id -> job -> {
                    attempts.add(job.message() + "#" + job.attempt());
                    switch (job.message()) {
                        case "io" -> throw new IOException("io");
                        case "fnf" -> throw new FileNotFoundException("fnf");
                        default -> throw new IllegalStateException("state");
                    }
                })
                .workers(1)
                .retryPolicy(policy)
                .build().start();
        return factory;
    }

    private static FactoryStats drained(Factory<String, String, String> factory) throws Exception {
        return factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void onlyTheChosenErrorsAreRetried() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = failingWith(RetryPolicy.times(2).retryOn(IOException.class),
                attempts);
        factory.dispatch("a", "io");
        factory.dispatch("a", "fnf"); // a subtype of IOException
        factory.dispatch("a", "state");
        FactoryStats stats = drained(factory);

        assertThat(attempts).containsExactly("io#1", "io#2", "io#3", "fnf#1", "fnf#2", "fnf#3", "state#1");
        assertThat(stats.failed()).isEqualTo(3);
        assertThat(stats.retries()).isEqualTo(4);
    }

    @Test
    void noRetryOnWinsOverRetryOnAndOverPerJobAttemptsLeft() throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = failingWith(RetryPolicy.forever()
                .retryOn(IOException.class).noRetryOn(FileNotFoundException.class, IllegalStateException.class),
                attempts);
        factory.dispatch("a", "fnf");
        factory.dispatch("a", "state");
        factory.dispatch("a", "io", JobOptions.defaults().withRetry(RetryPolicy.times(1)));
        drained(factory);

        assertThat(attempts).containsExactly("fnf#1", "state#1", "io#1", "io#2");
    }

    @Test
    void theRulesMatchTheErrorItselfNotItsCause() {
        RetryPolicy policy = RetryPolicy.times(1).retryOn(IOException.class);
        assertThat(policy.retries(new IOException())).isTrue();
        assertThat(policy.retries(new UncheckedIOException(new IOException()))).isFalse();
        assertThat(policy.allowsRetry(1, new IOException())).isTrue();
        assertThat(policy.allowsRetry(2, new IOException())).isFalse();
        assertThat(RetryPolicy.times(3).retries(new Error("anything"))).isTrue();
    }

    @Test
    void exponentialBackoffMultipliesUpToItsCapAndJitterStaysWithinItsBand() {
        Backoff triple = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 3.0);
        assertThat(triple.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(triple.delay(2)).isEqualTo(Duration.ofMillis(300));
        assertThat(triple.delay(3)).isEqualTo(Duration.ofMillis(900));
        assertThat(triple.delay(4)).isEqualTo(Duration.ofSeconds(1));
        Backoff jittered = triple.withJitter(0.5);
        for (int i = 0; i < 1000; i++) {
            assertThat(jittered.delay(2)).isBetween(Duration.ofMillis(150), Duration.ofMillis(450));
        }
        assertThat(jittered).hasToString("Backoff.exponential(PT0.1S..PT1S, x3.0, jitter 0.5)");
    }

    @Test
    void badRulesAndBackoffsAreRefusedNamingTheArgument() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> RetryPolicy.times(1).retryOn(IOException.class, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("types");
    }
}
