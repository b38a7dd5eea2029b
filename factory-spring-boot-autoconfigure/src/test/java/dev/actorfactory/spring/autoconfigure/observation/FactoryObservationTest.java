package dev.actorfactory.spring.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

class FactoryObservationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class,
                    FactoryObservationAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("factory.instances.orders.workers=1");

    /** What the worker saw while handling a job. */
    record Seen(@Nullable String observationName, @Nullable String parentName, @Nullable String requestId) {
    }

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, String, Seen> {
        private final ObservationRegistry registry;

        OrderWorker(ObservationRegistry registry) {
            this.registry = registry;
        }

        @Override
        public Seen handle(Job<String, String> job) {
            if (job.message().equals("fail")) {
                throw new IllegalStateException("boom");
            }
            Observation current = registry.getCurrentObservation();
            if (current == null) {
                return new Seen(null, null, MDC.get("requestId"));
            }
            assertThat(MDC.get("jobId")).as("the job's id in the worker's MDC").isEqualTo(Long.toString(job.id()));
            var parent = current.getContextView().getParentObservation();
            return new Seen(current.getContextView().getName(),
                    parent == null ? null : parent.getContextView().getName(), MDC.get("requestId"));
        }
    }

    /** Records the contexts of stopped observations. */
    static final class RecordingHandler implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static class App {
        @Bean
        RecordingHandler recordingHandler() {
            return new RecordingHandler();
        }

        @Bean
        ObservationRegistry observationRegistry(RecordingHandler handler) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(handler);
            return registry;
        }
    }

    @SuppressWarnings("unchecked")
    private static FactoryRef<String, String, Seen> orders(org.springframework.context.ApplicationContext context) {
        return context.getBean("orders", FactoryRef.class);
    }

    @Test
    void aJobRunsInAChildObservationOfTheCallerWithTheCallersMdc() {
        runner.run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            FactoryRef<String, String, Seen> orders = orders(context);
            Observation caller = Observation.start("http.request", registry);
            Seen seen;
            MDC.put("requestId", "req-42");
            long jobId;
            try (Observation.Scope scope = caller.openScope()) {
                var call = orders.call("customer-1", "order");
                jobId = call.jobId();
                seen = call.get(10, TimeUnit.SECONDS);
            } finally {
                MDC.remove("requestId");
                caller.stop();
            }
            assertThat(seen).isEqualTo(new Seen("factory.job", "http.request", "req-42"));
            Observation.Context job = context.getBean(RecordingHandler.class).stopped.stream()
                    .filter(c -> c.getName().equals("factory.job")).findFirst().orElseThrow();
            assertThat(job.getLowCardinalityKeyValue("factory").getValue()).isEqualTo("orders");
            assertThat(job.getContextualName()).isEqualTo("orders job");
            assertThat(job.getHighCardinalityKeyValue("job.id").getValue()).isEqualTo(Long.toString(jobId));
            assertThat(job.getHighCardinalityKeyValue("job.attempt").getValue()).isEqualTo("1");
        });
    }

    @Test
    void theCallersMdcDoesNotLeakIntoLaterJobsOnTheSameWorker() {
        runner.run(context -> {
            FactoryRef<String, String, Seen> orders = orders(context);
            MDC.put("requestId", "req-1");
            try {
                assertThat(orders.call("k", "first").get(10, TimeUnit.SECONDS).requestId()).isEqualTo("req-1");
            } finally {
                MDC.remove("requestId");
            }
            Seen second = orders.call("k", "second").get(10, TimeUnit.SECONDS);
            assertThat(second.requestId()).isNull();
            assertThat(second.parentName()).isNull();
            assertThat(second.observationName()).isEqualTo("factory.job");
        });
    }

    @Test
    void aFailingJobIsRecordedAsTheObservationsError() {
        runner.run(context -> {
            assertThatThrownBy(() -> orders(context).call("k", "fail").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
            Observation.Context job = context.getBean(RecordingHandler.class).stopped.stream()
                    .filter(c -> c.getName().equals("factory.job")).findFirst().orElseThrow();
            assertThat(job.getError()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        });
    }

    @Test
    void backsOffWithoutAnObservationRegistryBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class,
                        FactoryObservationAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("factoryObservationCustomizer"));
    }

    @Test
    void backsOffWithoutMicrometerObservationOnTheClassPath() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
                .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class,
                        FactoryObservationAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("factoryObservationCustomizer"));
    }

    @Test
    void aUserBeanNamedFactoryObservationCustomizerReplacesTheDefault() {
        runner.withBean("factoryObservationCustomizer", dev.actorfactory.spring.autoconfigure.FactoryCustomizer.class,
                () -> (name, builder) -> { })
                .run(context -> {
                    Seen seen = orders(context).call("k", "order").get(10, TimeUnit.SECONDS);
                    assertThat(seen.observationName()).isNull();
                });
    }

    @Test
    void anObservationConventionBeanRenamesTheObservationAndAddsTags() {
        runner.withBean(FactoryJobObservationConvention.class, () -> new DefaultFactoryJobObservationConvention() {
            @Override
            public String getName() {
                return "shop.job";
            }

            @Override
            public io.micrometer.common.KeyValues getLowCardinalityKeyValues(FactoryJobContext context) {
                return super.getLowCardinalityKeyValues(context).and("team", "payments");
            }
        }).run(context -> {
            Seen seen = orders(context).call("k", "order").get(10, TimeUnit.SECONDS);
            assertThat(seen.observationName()).isEqualTo("shop.job");
            Observation.Context job = context.getBean(RecordingHandler.class).stopped.stream()
                    .filter(c -> c.getName().equals("shop.job")).findFirst().orElseThrow();
            assertThat(job.getLowCardinalityKeyValue("team").getValue()).isEqualTo("payments");
            assertThat(job.getLowCardinalityKeyValue("factory").getValue()).isEqualTo("orders");
            assertThat(((FactoryJobContext) job).getJob().key()).isEqualTo("k");
        });
    }
}
