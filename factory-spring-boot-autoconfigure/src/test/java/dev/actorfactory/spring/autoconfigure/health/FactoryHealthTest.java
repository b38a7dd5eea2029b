package dev.actorfactory.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
    void aRunningFactoryIsUpAndAStoppedOneIsDown() {
        runner.run(context -> {
            Health up = health(context);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("state", "running").containsEntry("workers", 1);
            context.getBean("orders", FactoryRef.class).drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
        });
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
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("factoryHealthContributor"));
        runner.withPropertyValues("management.health.factory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("factoryHealthContributor"));
    }
}
