package dev.actorfactory.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration;
import dev.actorfactory.spring.autoconfigure.FactoryConfigurationException;

/** The health contributor as auto-configured: its indicators, their crash-loop listeners and their settings. */
class FactoryHealthTest {

    static volatile CountDownLatch release = new CountDownLatch(1);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class,
                    FactoryHealthAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("factory.instances.orders.workers=1",
                    "factory.instances.orders.dead-mans-switch.timeout=20ms");

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) throws InterruptedException {
            if (job.message().equals("hang")) {
                release.await(30, TimeUnit.SECONDS);
            }
            if (job.message().equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return job.message();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static final class App {
    }

    private static Health health(org.springframework.context.ApplicationContext context) {
        CompositeHealthContributor contributor = context.getBean("factoryHealthContributor",
                CompositeHealthContributor.class);
        return ((HealthIndicator) contributor.getContributor("orders")).health();
    }

    @Test
    void aRunningFactoryIsUpAndSoIsOneAnOperatorDrained() {
        runner.run(context -> {
            Health up = health(context);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("state", "running").containsEntry("workers", 1)
                    .containsEntry("recentRestarts", 0)
                    .containsEntry("crashLoop", "more than 10 restarts in a row within PT1M");
            context.getBean("orders", FactoryRef.class).drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            Health drained = health(context);
            assertThat(drained.getStatus()).isEqualTo(Status.UP);
            assertThat(drained.getDetails()).containsEntry("state", "stopped");
            assertThat((String) drained.getDetails().get("reason")).contains("drained by an operator");
        });
    }

    @Test
    void workersCrashingPastTheConfiguredLimitMakeTheFactoryDown() {
        runner.withPropertyValues("factory.health.crash-loop.max-restarts=2", "factory.health.crash-loop.within=1h")
                .run(context -> {
                    FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
                    for (int i = 0; i < 3; i++) {
                        CompletableFuture<String> reply = orders.call("k", "boom");
                        await().atMost(Duration.ofSeconds(10)).until(reply::isDone);
                        assertThat(health(context).getStatus()).as("after %d crashes", i + 1)
                                .isEqualTo(i < 2 ? Status.UP : Status.DOWN);
                    }
                    assertThat(health(context).getDetails()).containsEntry("recentRestarts", 3);
                    assertThat(orders.call("k", "fine").get(10, TimeUnit.SECONDS)).isEqualTo("fine");
                    assertThat(health(context).getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void crashLoopLimitsOutOfRangeAreRefusedAtStartNamingTheKey() {
        for (String value : List.of("0", "-1", "10001")) {
            runner.withPropertyValues("factory.health.crash-loop.max-restarts=" + value).run(context -> {
                assertThat(context).hasFailed();
                Throwable cause = rootCause(context.getStartupFailure());
                assertThat(cause).isInstanceOf(FactoryConfigurationException.class)
                        .hasMessageContaining("factory.health.crash-loop.max-restarts must be between 1 and 10000")
                        .hasMessageContaining("was " + value);
                assertThat(((FactoryConfigurationException) cause).action())
                        .contains("Set factory.health.crash-loop.max-restarts").contains("e.g. 10");
            });
        }
        for (String value : List.of("0s", "-5s")) {
            runner.withPropertyValues("factory.health.crash-loop.within=" + value).run(context -> {
                assertThat(context).hasFailed();
                Throwable cause = rootCause(context.getStartupFailure());
                assertThat(cause).isInstanceOf(FactoryConfigurationException.class)
                        .hasMessageContaining("factory.health.crash-loop.within must be a positive duration");
                assertThat(((FactoryConfigurationException) cause).action())
                        .contains("Set factory.health.crash-loop.within").contains("e.g. 1m");
            });
        }
        runner.withPropertyValues("factory.health.crash-loop.within=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("factory.health.crash-loop.within");
        });
        runner.withPropertyValues("factory.health.crash-loop.max-restarts=many").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("factory.health.crash-loop.max-restarts");
        });
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void stuckWorkersShowInDetailsAndAreDownOnlyWhenOptedIn() {
        release = new CountDownLatch(1);
        runner.run(context -> {
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            orders.dispatch("k", "hang");
            await().atMost(Duration.ofSeconds(10)).until(() -> !((java.util.List<?>) health(context).getDetails()
                    .get("stuckWorkers")).isEmpty());
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            release.countDown();
        });
        release = new CountDownLatch(1);
        runner.withPropertyValues("factory.health.stuck-workers-down=true").run(context -> {
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            orders.dispatch("k", "hang");
            await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus() == Status.DOWN);
            release.countDown();
        });
    }

    @Test
    void backsOffWithoutHealthSupportOrWhenDisabled() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("factoryHealthContributor")
                        .doesNotHaveBean(FactoryCrashLoops.class));
        runner.withPropertyValues("management.health.factory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("factoryHealthContributor")
                        .doesNotHaveBean(FactoryCrashLoops.class));
    }
}
