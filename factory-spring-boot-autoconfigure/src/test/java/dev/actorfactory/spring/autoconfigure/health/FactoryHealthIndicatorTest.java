package dev.actorfactory.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.clock.ManualClock;
import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.worker.DeadMansSwitch;

/** The indicator's mapping for every state of a real factory; crash-loop windows on a manual clock. */
class FactoryHealthIndicatorTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ManualClock clock = new ManualClock();
    private Factory<String, String, String> factory;

    private Factory.Builder<String, String, String> builder() {
        return Factory.<String, String, String>builder("orders").workers(1).workerBuilder(id -> job -> {
            switch (job.message()) {
                case "hang" -> release.await(30, TimeUnit.SECONDS);
                case "boom" -> throw new IllegalStateException("boom");
                default -> {
                }
            }
            return job.message();
        });
    }

    private Factory<String, String, String> started(Factory.Builder<String, String, String> builder) {
        factory = builder.build();
        return factory.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (factory != null && factory.stats().state() != FactoryState.FAILED) {
            factory.drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
    }

    private static void crash(Factory<String, String, String> factory, int times) {
        for (int i = 0; i < times; i++) {
            CompletableFuture<String> reply = factory.call("k", "boom");
            await().atMost(Duration.ofSeconds(10)).until(reply::isDone);
        }
    }

    @Test
    void aRunningFactoryIsUpWithItsFiguresAndNoReason() {
        Health health = new FactoryHealthIndicator(started(builder()), false).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "running").containsEntry("paused", false)
                .containsEntry("workers", 1).containsEntry("busy", 0).containsEntry("queueDepth", 0)
                .containsEntry("stuckWorkers", List.of()).containsEntry("backingOffWorkers", List.of())
                .containsEntry("restarts", 0L).doesNotContainKeys("reason", "recentRestarts");
    }

    @Test
    void aPausedFactoryIsUpAndSaysAnOperatorPausedIt() {
        Factory<String, String, String> orders = started(builder());
        orders.pause();
        orders.dispatch("k", "queued");
        Health health = new FactoryHealthIndicator(orders, true).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("paused", true).containsEntry("queueDepth", 1);
        assertThat((String) health.getDetails().get("reason")).contains("paused by an operator");
    }

    @Test
    void aDrainingFactoryIsUpAndSaysItIsDraining() throws Exception {
        Factory<String, String, String> orders = started(builder());
        orders.dispatch("k", "hang");
        await().atMost(Duration.ofSeconds(10)).until(() -> orders.stats().busy() == 1);
        CompletableFuture<?> drained = orders.drain(Duration.ofSeconds(10));
        Health health = new FactoryHealthIndicator(orders, true).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "draining");
        assertThat((String) health.getDetails().get("reason")).contains("draining").contains("not a failure");
        release.countDown();
        drained.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStoppedFactoryIsUpAndSaysItWasDrained() throws Exception {
        Factory<String, String, String> orders = started(builder());
        orders.drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        Health health = new FactoryHealthIndicator(orders, true).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "stopped").containsEntry("workers", 0);
        assertThat((String) health.getDetails().get("reason")).contains("drained by an operator");
    }

    @Test
    void aFactoryThatFailedToStartIsDown() {
        factory = builder().lifecycleHooks(new FactoryLifecycleHooks() {
            @Override
            public void onStarted(String name) {
                throw new IllegalStateException("no broker");
            }
        }).build();
        assertThatThrownBy(factory::start).hasMessageContaining("no broker");
        Health health = new FactoryHealthIndicator(factory, false).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "failed");
        assertThat((String) health.getDetails().get("reason")).contains("failed to start");
    }

    @Test
    void stuckWorkersShowInDetailsAndAreDownOnlyWhenOptedIn() {
        Factory<String, String, String> orders = started(builder()
                .deadMansSwitch(new DeadMansSwitch(Duration.ofMillis(20), false)));
        orders.dispatch("k", "hang");
        await().atMost(Duration.ofSeconds(10)).until(() -> !((List<?>) new FactoryHealthIndicator(orders, false)
                .health().getDetails().get("stuckWorkers")).isEmpty());
        Health reported = new FactoryHealthIndicator(orders, false).health();
        assertThat(reported.getStatus()).isEqualTo(Status.UP);
        assertThat(reported.getDetails()).containsEntry("stuckWorkers", List.of(0));
        assertThat((String) reported.getDetails().get("reason")).contains("stuck");
        Health optedIn = new FactoryHealthIndicator(orders, true).health();
        assertThat(optedIn.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) optedIn.getDetails().get("reason")).contains("stuck");
        orders.pause();
        assertThat(new FactoryHealthIndicator(orders, true).health().getStatus())
                .as("an operator paused it").isEqualTo(Status.UP);
    }

    @Test
    void aCrashLoopInsideTheWindowIsDownAndOutsideItIsUp() {
        FactoryCrashLoops crashLoops = new FactoryCrashLoops(3, Duration.ofMinutes(1), clock);
        Factory.Builder<String, String, String> builder = builder();
        crashLoops.customize("orders", cast(builder));
        Factory<String, String, String> orders = started(builder);
        FactoryHealthIndicator indicator = new FactoryHealthIndicator(orders, false, crashLoops.of("orders"));

        crash(orders, 3);
        Health atTheLimit = indicator.health();
        assertThat(atTheLimit.getStatus()).isEqualTo(Status.UP);
        assertThat(atTheLimit.getDetails()).containsEntry("recentRestarts", 3).containsEntry("restarts", 3L)
                .containsEntry("crashLoop", "more than 3 restarts in a row within PT1M");

        crash(orders, 1);
        Health looping = indicator.health();
        assertThat(looping.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) looping.getDetails().get("reason")).contains("crash loop").contains("more than 3");

        clock.advance(Duration.ofSeconds(61));
        Health later = indicator.health();
        assertThat(later.getStatus()).as("the restarts left the window").isEqualTo(Status.UP);
        assertThat(later.getDetails()).containsEntry("recentRestarts", 0).containsEntry("restarts", 4L);
    }

    @Test
    void aCompletedJobEndsACrashLoopAndAnOperatorsPauseOrDrainKeepsItUp() throws Exception {
        FactoryCrashLoops crashLoops = new FactoryCrashLoops(2, Duration.ofMinutes(1), clock);
        Factory.Builder<String, String, String> builder = builder();
        crashLoops.customize("orders", cast(builder));
        Factory<String, String, String> orders = started(builder);
        FactoryHealthIndicator indicator = new FactoryHealthIndicator(orders, false, crashLoops.of("orders"));

        crash(orders, 3);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        orders.call("k", "fine").get(10, TimeUnit.SECONDS);
        assertThat(indicator.health().getStatus()).as("a job completed since").isEqualTo(Status.UP);

        crash(orders, 3);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        orders.pause();
        Health paused = indicator.health();
        assertThat(paused.getStatus()).isEqualTo(Status.UP);
        assertThat((String) paused.getDetails().get("reason")).contains("paused by an operator");
        assertThat(paused.getDetails()).containsEntry("recentRestarts", 3);
        orders.resume();
        assertThat(indicator.health().getStatus()).as("still looping once resumed").isEqualTo(Status.DOWN);
        orders.drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Factory.Builder<Object, Object, Object> cast(Factory.Builder<String, String, String> builder) {
        return (Factory.Builder) builder;
    }
}
