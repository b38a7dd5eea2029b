package dev.actorfactory.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;

/** Shutdown accounts for every job, whatever a factory's drain budget or hooks do, and drains every factory. */
class ShutdownAccountingTest {

    static volatile CountDownLatch gate = new CountDownLatch(1);

    @BeforeEach
    void close() {
        gate = new CountDownLatch(1);
    }

    @AfterEach
    void open() {
        gate.countDown();
    }

    /** Blocks on the gate: its queue fills up behind it. */
    abstract static class GatedWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) throws InterruptedException {
            gate.await();
            return job.message();
        }
    }

    @FactoryWorker("first")
    static final class FirstWorker extends GatedWorker {
    }

    @FactoryWorker("second")
    static final class SecondWorker extends GatedWorker {
    }

    @Configuration(proxyBeanMethods = false)
    @Import({FirstWorker.class, SecondWorker.class})
    static final class App {
        /** The first factory's hooks are broken: they throw an Error while it drains and stops. */
        @Bean
        FactoryCustomizer brokenHooks() {
            return (name, builder) -> {
                if (name.equals("first")) {
                    builder.lifecycleHooks(new FactoryLifecycleHooks() {
                        @Override
                        public void onDraining(String factory) {
                            throw new AssertionError("broken on-draining hook");
                        }

                        @Override
                        public void onStopped(String factory) {
                            throw new AssertionError("broken on-stopped hook");
                        }
                    });
                }
            };
        }
    }

    @Test
    void brokenHooksAndAShortPhaseStillEndEveryJobOfEveryFactoryWithAReason() {
        List<FactoryRef<String, String, String>> refs = new ArrayList<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues("factory.configs.default.workers=1", "factory.configs.default.drain-timeout=1m",
                        "spring.lifecycle.timeout-per-shutdown-phase=2s")
                .run(context -> {
                    for (String name : List.of("first", "second")) {
                        @SuppressWarnings("unchecked")
                        FactoryRef<String, String, String> ref = context.getBean(name, FactoryRef.class);
                        refs.add(ref);
                        for (int i = 0; i < 50; i++) {
                            ref.dispatch("k", "job-" + i);
                        }
                    }
                }); // closing the context drains: the workers stay blocked, the 2 s phase caps both drains
        for (FactoryRef<String, String, String> ref : refs) {
            FactoryStats stats = ref.stats();
            assertThat(stats.outstanding()).as(ref.name()).isZero();
            assertThat(stats.submitted()).isEqualTo(50);
            assertThat(stats.failed()).as("the running job of %s", ref.name()).isEqualTo(1);
            assertThat(stats.discardedByReason()).as(ref.name()).containsEntry(DiscardReason.SHUTDOWN, 49L);
        }
    }

    @Test
    void theDrainBudgetLeavesAMarginInsideThePhase() {
        assertThat(FactoryLifecycles.Drain.drainBudget(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(18));
        assertThat(FactoryLifecycles.Drain.drainBudget(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(750));
        assertThat(FactoryLifecycles.Drain.drainBudget(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(95));
        assertThat(FactoryLifecycles.Drain.drainBudget(Duration.ofMillis(100))).isEqualTo(Duration.ZERO);
        assertThat(FactoryLifecycles.Drain.drainBudget(Duration.ofSeconds(-1))).isEqualTo(Duration.ZERO);
    }
}
