package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.worker.DeadMansSwitch;

/** Bad arguments fail with an exception naming them; nothing is submitted and nothing changes. */
class FactoryBadInputTest {

    private final Factory<String, String, String> factory = Factory.<String, String, String>builder("bad-input")
            .workerBuilder(id -> job -> "ok")
            .workers(2)
            .build().start();

    @AfterEach
    void stop() {
        factory.stop().join();
    }

    @Test
    void nullKeysMessagesAndOptionsAreRejectedAndNothingIsSubmitted() throws Exception {
        assertThatThrownBy(() -> factory.dispatch(null, "m")).isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
        assertThatThrownBy(() -> factory.dispatch("k", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("message must not be null");
        assertThatThrownBy(() -> factory.call(null, "m")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> factory.dispatch("k", "m", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("options");
        assertThatThrownBy(() -> factory.dispatchWaiting("k", "m", JobOptions.defaults(), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThat(factory.stats().submitted()).isZero();
        assertThat(factory.call("k", "m").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    }

    @Test
    void invalidJobOptionsAreNamed() {
        assertThatThrownBy(() -> JobOptions.defaults().withTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> JobOptions.defaults().withTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> JobOptions.defaults().withPriority(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> RetryPolicy.times(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries");
    }

    @Test
    void anUnknownWorkerIdIsNamed() {
        assertThatThrownBy(() -> factory.worker(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workerId").hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> factory.worker(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workerId");
        assertThat(factory.worker(1).workerId()).isEqualTo(1);
    }

    @Test
    void invalidBuilderSettingsAreNamed() {
        assertThatThrownBy(() -> Factory.builder(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> Factory.builder("x").workers(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers");
        assertThatThrownBy(() -> Factory.<String, String, String>builder("x").workerBuilder(id -> job -> "x")
                .workers(4).maxWorkers(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWorkers (2)")
                .hasMessageContaining("workers (4)");
        assertThatThrownBy(() -> Factory.builder("x").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("workerBuilder");
        assertThatThrownBy(() -> Factory.<String, String, String>builder("x").workerBuilder(id -> job -> "x")
                .routing(RoutingMode.CUSTOM_HASH).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("customHash");
        assertThatThrownBy(() -> Factory.builder("x").discardLimit(0, DiscardMode.OLDEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> Factory.builder("x").defaultJobTtl(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> Factory.builder("x").pingInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> new DeadMansSwitch(Duration.ZERO, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> QueueKind.priority(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("levels");
        assertThatThrownBy(() -> new RateLimiter(0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refill");
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }

    @Test
    void drainRejectsANegativeTimeout() {
        assertThatThrownBy(() -> factory.drain(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThat(factory.state()).isEqualTo(dev.actorfactory.factory.lifecycle.FactoryState.RUNNING);
    }
}
