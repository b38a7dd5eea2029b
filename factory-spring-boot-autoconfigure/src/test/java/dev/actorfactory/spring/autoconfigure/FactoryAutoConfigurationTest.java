package dev.actorfactory.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;

class FactoryAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class));

    /** A collaborator injected into workers: counts instances and records results. */
    static final class Ledger {
        final Set<Object> instances = ConcurrentHashMap.newKeySet();
    }

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, Integer, String> {
        private final Ledger ledger;
        private int handled; // per-worker state: each slot has its own instance

        OrderWorker(Ledger ledger) {
            this.ledger = ledger;
            ledger.instances.add(this);
        }

        @Override
        public String handle(Job<String, Integer> job) {
            handled++;
            return job.key() + ":" + job.message() + " by " + System.identityHashCode(this) + " #" + handled;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static final class OrdersApp {
        @Bean
        Ledger ledger() {
            return new Ledger();
        }
    }

    /** Injects the FactoryRef by generic type and by qualifier. */
    static final class Client {
        final FactoryRef<String, Integer, String> typed;
        final FactoryRef<?, ?, ?> qualified;

        Client(FactoryRef<String, Integer, String> typed, @Qualifier("orders") FactoryRef<?, ?, ?> qualified) {
            this.typed = typed;
            this.qualified = qualified;
        }
    }

    @Test
    void aFactoryWorkerBecomesARunningFactoryWithAFactoryRefBeanNamedAfterIt() {
        runner.withUserConfiguration(OrdersApp.class)
                .withBean(Client.class)
                .withPropertyValues("factory.instances.orders.workers=3", "factory.instances.orders.routing=round-robin")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("orders").hasSingleBean(FactoryRegistry.class);
                    Client client = context.getBean(Client.class);
                    assertThat(client.qualified).isSameAs(client.typed);
                    FactoryRef<String, Integer, String> orders = client.typed;
                    assertThat(orders.state()).isEqualTo(FactoryState.RUNNING);
                    assertThat(orders.workerCount()).isEqualTo(3);
                    assertThat(orders.call("c-1", 10).get(10, TimeUnit.SECONDS)).startsWith("c-1:10 by ");
                    // one prototype instance per worker slot, built by the context (constructor injection)
                    assertThat(context.getBean(Ledger.class).instances).hasSize(3);
                    assertThat(context.getBean(FactoryRegistry.class).names()).containsExactly("orders");
                });
    }

    @Test
    void settingsLayerDefaultsBaseConfigAndInstance() {
        runner.withUserConfiguration(OrdersApp.class)
                .withPropertyValues("factory.configs.default.workers=2", "factory.configs.default.max-workers=8",
                        "factory.configs.bounded.discard.limit=5", "factory.configs.bounded.discard.mode=newest",
                        "factory.configs.bounded.workers=4", "factory.instances.orders.base-config=bounded",
                        "factory.instances.orders.routing=key-persistent")
                .run(context -> {
                    FactoryRef<?, ?, ?> orders = context.getBean("orders", FactoryRef.class);
                    FactoryStats stats = orders.stats();
                    assertThat(stats.workers()).isEqualTo(4); // base-config beats default
                    assertThat(stats.queueLimit()).isEqualTo(5);
                    orders.resize(8); // max-workers from default
                    assertThat(orders.workerCount()).isEqualTo(8);
                });
    }

    @Test
    void customizersAdjustTheBuilderOfTheFactoriesTheyName() {
        CountDownLatch discarded = new CountDownLatch(1);
        runner.withUserConfiguration(OrdersApp.class)
                .withBean(FactoryCustomizer.class, () -> (name, builder) -> {
                    if (name.equals("orders")) {
                        builder.discardLimit(1, DiscardMode.NEWEST).discardHandler((job, reason) -> discarded.countDown());
                    }
                })
                .withPropertyValues("factory.instances.orders.workers=1")
                .run(context -> {
                    FactoryRef<String, Integer, String> orders = context.getBean("orders", FactoryRef.class);
                    assertThat(orders.stats().queueLimit()).isEqualTo(1);
                    orders.pause();
                    orders.dispatch("k", 1);
                    orders.dispatch("k", 2); // over the limit of 1: shed, and the customised handler hears of it
                    assertThat(discarded.await(10, TimeUnit.SECONDS)).isTrue();
                    orders.resume();
                });
    }

    @Test
    void closingTheContextDrainsTheFactories() {
        FactoryRef<?, ?, ?>[] captured = new FactoryRef[1];
        runner.withUserConfiguration(OrdersApp.class).run(context -> {
            FactoryRef<String, Integer, String> orders = context.getBean("orders", FactoryRef.class);
            captured[0] = orders;
            for (int i = 0; i < 100; i++) {
                orders.dispatch("k" + (i % 7), i);
            }
        });
        FactoryStats stats = captured[0].stats();
        assertThat(stats.state()).isEqualTo(FactoryState.STOPPED);
        assertThat(stats.outstanding()).isZero();
        assertThat(stats.completed() + stats.discarded()).isEqualTo(100);
    }

    // ------------------------------------------------------------------ misuse

    @FactoryWorker("broken")
    static final class NotAWorker {
    }

    @Test
    void theAnnotationOnAClassThatIsNotAWorkerFailsTheStartWithAnAction() {
        runner.withUserConfiguration(NotAWorker.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FactoryConfigurationException.class)
                    .hasMessageContaining("NotAWorker").hasMessageContaining("does not implement");
        });
    }

    @FactoryWorker("orders")
    static final class SecondOrderWorker implements Worker<String, Integer, String> {
        @Override
        public String handle(Job<String, Integer> job) {
            return "second";
        }
    }

    @Test
    void twoWorkerClassesForOneFactoryFailTheStart() {
        runner.withUserConfiguration(OrdersApp.class, SecondOrderWorker.class).run(context -> {
            assertThat(context).hasFailed();
            org.springframework.boot.diagnostics.FailureAnalysis analysis =
                    new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Two worker classes claim the factory 'orders'")
                    .contains("OrderWorker").contains("SecondOrderWorker");
            assertThat(analysis.getAction()).contains("its own factory name");
        });
    }

    @Test
    void aConfiguredInstanceWithoutAWorkerFailsTheStartNamingIt() {
        runner.withUserConfiguration(OrdersApp.class).withPropertyValues("factory.instances.payments.workers=2")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure()))
                            .isInstanceOf(FactoryConfigurationException.class)
                            .hasMessageContaining("factory.instances.payments")
                            .hasMessageContaining("@FactoryWorker(\"payments\")");
                    FactoryConfigurationException cause = (FactoryConfigurationException) rootCause(
                            context.getStartupFailure());
                    assertThat(new FactoryFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
                            .isEqualTo(cause.action()).contains("Add a class implementing Worker");
                });
    }

    @Test
    void retriesAreConfigurableWithExponentialBackoffJitterAndExceptionRules() {
        runner.withUserConfiguration(CrashingApp.class).withPropertyValues(
                "factory.instances.crashing.workers=1",
                "factory.instances.crashing.retry.max-attempts=4",
                "factory.instances.crashing.retry.backoff=1ms",
                "factory.instances.crashing.retry.max-backoff=4ms",
                "factory.instances.crashing.retry.multiplier=3",
                "factory.instances.crashing.retry.jitter=0.2",
                "factory.instances.crashing.retry.retry-on=java.lang.RuntimeException",
                "factory.instances.crashing.retry.no-retry-on=java.lang.IllegalArgumentException",
                "factory.instances.crashing.failures.recent=3",
                "factory.instances.crashing.failures.log-rate=0",
                "factory.instances.crashing.failures.key-disclosure=hidden",
                "factory.instances.crashing.delayed-jobs-at-drain=wait",
                "factory.instances.crashing.priority-weights=1,2,5")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    FactoryRef<String, Integer, Integer> crashing = context.getBean("crashing", FactoryRef.class);
                    assertThat(crashing.settingsInEffect())
                            .containsEntry("retry.max-attempts", 4)
                            .containsEntry("retry.backoff", "Backoff.exponential(PT0.001S..PT0.004S, x3.0, jitter 0.2)")
                            .containsEntry("retry.retry-on", List.of("java.lang.RuntimeException"))
                            .containsEntry("retry.no-retry-on", List.of("java.lang.IllegalArgumentException"))
                            .containsEntry("recent-failures", 3)
                            .containsEntry("key-disclosure", "hidden")
                            .containsEntry("delayed-jobs-at-drain", "wait")
                            .containsEntry("queue", "priority")
                            .containsEntry("priority-weights", List.of(1, 2, 5));
                    assertThat(crashing.call("k", -1)).failsWithin(Duration.ofSeconds(10)); // IllegalStateException
                    assertThat(crashing.call("k", -2)).failsWithin(Duration.ofSeconds(10)); // IllegalArgumentException
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                            .until(() -> crashing.stats().failed() == 2);
                    assertThat(crashing.stats().retries()).as("retried: -1 three times, -2 never").isEqualTo(3);
                    assertThat(crashing.recentFailures()).extracting(failure -> failure.attempt() + " "
                            + failure.key()).containsExactly("1 (hidden)", "4 (hidden)");
                });
    }

    /** A worker that crashes on message -1, so its slot is refilled with a new instance. */
    @FactoryWorker("crashing")
    static final class CrashingWorker implements Worker<String, Integer, Integer> {
        private final Ledger ledger;

        CrashingWorker(Ledger ledger) {
            this.ledger = ledger;
            ledger.instances.add(this);
        }

        @Override
        public Integer handle(Job<String, Integer> job) {
            if (job.message() == -2) {
                throw new IllegalArgumentException("bad message");
            }
            if (job.message() < 0) {
                throw new IllegalStateException("crash");
            }
            return System.identityHashCode(this);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(CrashingWorker.class)
    static final class CrashingApp {
        @Bean
        Ledger ledger() {
            return new Ledger();
        }
    }

    @Test
    void aCrashedWorkerIsReplacedByANewInstanceFromTheContext() {
        runner.withUserConfiguration(CrashingApp.class).withPropertyValues("factory.instances.crashing.workers=1")
                .run(context -> {
                    Ledger ledger = context.getBean(Ledger.class);
                    @SuppressWarnings("unchecked")
                    FactoryRef<String, Integer, Integer> crashing = context.getBean("crashing", FactoryRef.class);
                    int first = crashing.call("k", 1).get(10, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(ledger.instances).hasSize(1);
                    assertThat(crashing.call("k", -1)).failsWithin(java.time.Duration.ofSeconds(10));
                    int second = crashing.call("k", 2).get(10, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(second).isNotEqualTo(first);
                    assertThat(ledger.instances).hasSize(2);
                });
    }

    @Test
    void theFactoryNameIsNeverTakenAsTheWorkersComponentName() {
        // otherwise component scanning names the worker 'orders' and clashes with the FactoryRef bean 'orders'
        String name = org.springframework.context.annotation.AnnotationBeanNameGenerator.INSTANCE.generateBeanName(
                new org.springframework.beans.factory.annotation.AnnotatedGenericBeanDefinition(OrderWorker.class),
                new org.springframework.beans.factory.support.DefaultListableBeanFactory());
        assertThat(name).isNotEqualTo("orders").endsWith("OrderWorker");
        assertThat(org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(OrderWorker.class,
                dev.actorfactory.spring.FactoryWorker.class).name()).isEqualTo("orders");
    }

    @Test
    void theDeadMansSwitchGraceIsConfigurableAndDefaultsToTheTimeout() {
        runner.withUserConfiguration(OrdersApp.class).withPropertyValues(
                "factory.instances.orders.dead-mans-switch.timeout=2s",
                "factory.instances.orders.dead-mans-switch.kill=true")
                .run(context -> assertThat(context.getBean("orders", FactoryRef.class).settingsInEffect())
                        .containsEntry("dead-mans-switch.grace", "PT2S"));
        runner.withUserConfiguration(OrdersApp.class).withPropertyValues(
                "factory.configs.default.dead-mans-switch.grace=15s",
                "factory.instances.orders.dead-mans-switch.timeout=2s")
                .run(context -> assertThat(context.getBean("orders", FactoryRef.class).settingsInEffect())
                        .containsEntry("dead-mans-switch.grace", "PT15S"));
    }

    @Test
    void workerThreadsFollowSpringThreadsVirtualEnabledWhereTheJdkHasThem() {
        String expected = Runtime.version().feature() >= 21 ? "virtual" : "platform";
        runner.withUserConfiguration(OrdersApp.class).withPropertyValues("spring.threads.virtual.enabled=true")
                .run(context -> assertThat(context.getBean("orders", FactoryRef.class).settingsInEffect())
                        .containsEntry("threads", expected));
        runner.withUserConfiguration(OrdersApp.class)
                .run(context -> assertThat(context.getBean("orders", FactoryRef.class).settingsInEffect())
                        .containsEntry("threads", "platform"));
        runner.withUserConfiguration(OrdersApp.class).withPropertyValues("spring.threads.virtual.enabled=true",
                "factory.instances.orders.threads=platform")
                .run(context -> assertThat(context.getBean("orders", FactoryRef.class).settingsInEffect())
                        .containsEntry("threads", "platform"));
        runner.withUserConfiguration(OrdersApp.class).withPropertyValues("spring.threads.virtual.enabled=true",
                "factory.instances.orders.threads=shared")
                .run(context -> assertThat(context.getBean("orders", FactoryRef.class).settingsInEffect())
                        .containsEntry("threads", "shared"));
    }

    @Test
    void withoutWorkersTheStarterStaysQuiet() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FactoryRegistry.class);
            assertThat(context.getBean(FactoryRegistry.class).names()).isEmpty();
        });
    }

    @Test
    void aUserRegistryReplacesTheAutoConfiguredOne() {
        runner.withBean(FactoryRegistry.class, () -> new FactoryRegistry(Map.of(), Map.of(), Map.of()))
                .run(context -> assertThat(context).hasSingleBean(FactoryRegistry.class));
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

}
