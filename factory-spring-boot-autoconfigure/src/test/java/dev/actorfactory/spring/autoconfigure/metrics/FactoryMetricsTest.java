package dev.actorfactory.spring.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

class FactoryMetricsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    FactoryAutoConfiguration.class, FactoryMetricsAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("factory.instances.orders.workers=2", "factory.instances.orders.discard.limit=1",
                    "factory.instances.orders.discard.mode=newest");

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            if (job.message().equals("fail")) {
                throw new IllegalStateException("planned");
            }
            return job.message();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static final class App {
    }

    @Test
    void countersTimersAndGaugesFollowTheJobs() {
        runner.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            for (int i = 0; i < 5; i++) {
                orders.call("k" + i, "ok").get(10, TimeUnit.SECONDS);
            }
            assertThat(orders.call("k", "fail")).failsWithin(java.time.Duration.ofSeconds(10));
            orders.pause();
            orders.dispatch("a", "queued");
            orders.dispatch("a", "shed"); // the worker queue holds one job: the newest is shed

            assertThat(count(meters, "factory.jobs.submitted")).isEqualTo(8);
            assertThat(count(meters, "factory.jobs.completed")).isEqualTo(5);
            assertThat(count(meters, "factory.jobs.failed")).isEqualTo(1);
            assertThat(meters.get("factory.jobs.discarded").tags("factory", "orders", "reason", "load-shed")
                    .counter().count()).isEqualTo(1);
            assertThat(meters.get("factory.jobs.wait").tag("factory", "orders").timer().count()).isEqualTo(5);
            assertThat(meters.get("factory.jobs.duration").tag("factory", "orders").timer().count()).isEqualTo(5);
            // the crashed worker is replaced after its job's failure is reported: wait for the restart
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    meters.get("factory.worker.restarts").tag("factory", "orders").counter().count()).isEqualTo(1));
            assertThat(meters.get("factory.queued").tag("factory", "orders").gauge().value()).isEqualTo(1);
            assertThat(meters.get("factory.pool.size").tag("factory", "orders").gauge().value()).isEqualTo(2);
            assertThat(meters.get("factory.in.flight").tag("factory", "orders").gauge().value()).isEqualTo(1);
            assertThat(meters.get("factory.queue.limit").tag("factory", "orders").gauge().value()).isEqualTo(1);
            assertThat(meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                    .allSatisfy(tag -> assertThat(tag.getKey()).isIn("factory", "reason")));
            orders.resume();
        });
    }

    private static double count(MeterRegistry meters, String name) {
        return meters.get(name).tag("factory", "orders").counter().count();
    }

    @Test
    void metersAreRemovedWithTheirFactories() {
        MeterRegistry[] kept = new MeterRegistry[1];
        runner.run(context -> {
            kept[0] = context.getBean(MeterRegistry.class);
            assertThat(kept[0].find("factory.jobs.submitted").meters()).isNotEmpty();
        });
        assertThat(kept[0].find("factory.jobs.submitted").meters()).isEmpty();
    }

    @Test
    void withoutMicrometerTheStarterWorksWithoutMetrics() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class,
                        FactoryMetricsAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FactoryMetrics.class)
                        .hasBean("orders"));
    }
}
