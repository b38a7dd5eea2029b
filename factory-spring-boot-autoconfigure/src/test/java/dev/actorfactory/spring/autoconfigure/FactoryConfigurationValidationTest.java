package dev.actorfactory.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import dev.actorfactory.spring.autoconfigure.settings.FactoryPropertyKeys;

/**
 * The configuration catalogue: every misconfiguration refuses the start with a report naming the key the user wrote
 * (instance, template or configs.default), the rule, and what to write instead — or starts, where that is the
 * documented intent (factory.validation.strict=false).
 */
@ExtendWith(OutputCaptureExtension.class)
class FactoryConfigurationValidationTest {

    private static final String P = "factory.instances.orders.";
    private static final String D = "factory.configs.default.";
    private static final String T = "factory.configs.fast.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class))
            .withUserConfiguration(OrdersApp.class);

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            return job.message();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static final class OrdersApp {
    }

    /** A case: what the user wrote, the key the report must name, and a fragment of the rule it must state. */
    private static Arguments refused(String key, String rule, String... properties) {
        return Arguments.of(key, rule, List.of(properties));
    }

    static Stream<Arguments> refusedConfigurations() {
        return Stream.of(
                // values out of range, in the layer that wrote them
                refused(P + "workers", "must be at least 1", P + "workers=0"),
                refused(P + "max-workers", "must be at least 1", P + "max-workers=0"),
                refused(P + "max-workers", "must be at least the workers", P + "workers=8", P + "max-workers=2"),
                refused(P + "max-workers", D + "workers is 8", D + "workers=8", P + "max-workers=2"),
                refused(P + "priority-levels", "between 1 and 64", P + "queue=priority", P + "priority-levels=1000"),
                refused(P + "priority-weights", "one weight of at least 1", P + "priority-weights=1,0,3"),
                refused(P + "priority-weights", "for 2 to 64 levels", P + "priority-weights=5"),
                refused(P + "priority-weights", P + "queue is fifo", P + "priority-weights=1,3", P + "queue=fifo"),
                refused(P + "priority-weights", P + "priority-levels is 3", P + "priority-weights=1,3",
                        P + "priority-levels=3"),
                refused(P + "discard.limit", "must be at least 1", P + "discard.limit=0"),
                refused(P + "job-ttl", "must be a positive duration", P + "job-ttl=-5s"),
                refused(P + "job-ttl", "must be a positive duration", P + "job-ttl=0s"),
                refused(D + "job-ttl", "must be a positive duration", D + "job-ttl=-5s"),
                refused(T + "job-ttl", "must be a positive duration", T + "job-ttl=-5s", P + "base-config=fast"),
                refused(T + "workers", "must be at least 1", T + "workers=0"),
                refused(P + "dead-mans-switch.timeout", "must be a positive duration",
                        P + "dead-mans-switch.timeout=0s"),
                refused(P + "dead-mans-switch.grace", "must not be negative", P + "dead-mans-switch.timeout=1s",
                        P + "dead-mans-switch.grace=-1s"),
                refused(P + "ping-interval", "must be a positive duration", P + "ping-interval=0s"),
                refused(P + "rate-limit.refill", "must be at least 1", P + "rate-limit.refill=0"),
                refused(P + "rate-limit.refill", "must be at least 1", P + "rate-limit.refill=-3"),
                refused(P + "rate-limit.interval", "must be a positive duration", P + "rate-limit.refill=5",
                        P + "rate-limit.interval=0s"),
                refused(P + "rate-limit.max", "must be at least 1", P + "rate-limit.refill=5", P + "rate-limit.max=0"),
                refused(P + "retry.max-attempts", "must be at least 1", P + "retry.max-attempts=0"),
                refused(P + "retry.backoff", "must not be negative", P + "retry.max-attempts=3",
                        P + "retry.backoff=-10ms"),
                refused(P + "retry.max-backoff", "needs a positive retry.backoff", P + "retry.max-attempts=3",
                        P + "retry.max-backoff=1s"),
                refused(P + "retry.max-backoff", "no longer than it", P + "retry.max-attempts=3",
                        P + "retry.backoff=2s", P + "retry.max-backoff=1s"),
                refused(P + "retry.multiplier", "must be at least 1", P + "retry.max-attempts=3",
                        P + "retry.backoff=1s", P + "retry.max-backoff=2s", P + "retry.multiplier=0.5"),
                refused(P + "retry.jitter", "between 0 and 1", P + "retry.max-attempts=3", P + "retry.backoff=1s",
                        P + "retry.jitter=1.5"),
                refused(P + "retry.retry-on", "not an exception type", P + "retry.max-attempts=3",
                        P + "retry.retry-on=java.lang.String"),
                refused(P + "failures.recent", "must be at least 0", P + "failures.recent=-1"),
                refused(P + "failures.log-rate", "must be at least 0", P + "failures.log-rate=-1"),
                refused(P + "drain-timeout", "must not be negative", P + "drain-timeout=-5s"),
                refused(D + "drain-timeout", "must not be negative", D + "drain-timeout=-5s"),
                refused(P + "base-config", "factory.configs.nope does not exist", P + "base-config=nope"),
                refused("factory.instances.ghost", "no @FactoryWorker(\"ghost\") class exists",
                        "factory.instances.ghost.workers=2"),
                refused("factory.instances.a/b", "contains '/'", "factory.instances.[a/b].workers=1"),
                // settings that would do nothing
                refused(P + "discard.mode", "no queue limit", P + "discard.mode=newest"),
                refused(D + "discard.mode", "no queue limit", D + "discard.mode=newest"),
                refused(P + "dead-mans-switch.kill", "no dead-mans-switch.timeout", P + "dead-mans-switch.kill=true"),
                refused(P + "dead-mans-switch.grace", "no dead-mans-switch.timeout", P + "dead-mans-switch.grace=5s"),
                refused(P + "rate-limit.interval", "no rate-limit.refill", P + "rate-limit.interval=1s"),
                refused(P + "rate-limit.max", "no rate-limit.refill", P + "rate-limit.max=10"),
                refused(P + "priority-levels", "has a fifo queue", P + "priority-levels=3"),
                refused(P + "retry.backoff", "no retry.max-attempts", P + "retry.backoff=1s"),
                refused(P + "retry.multiplier", "without retry.max-backoff", P + "retry.max-attempts=3",
                        P + "retry.backoff=1s", P + "retry.multiplier=2"),
                refused(P + "retry.jitter", "no retry.backoff delay to spread", P + "retry.max-attempts=3",
                        P + "retry.jitter=0.5"),
                // keys that do not exist
                refused(P + "worker", "Did you mean " + P + "workers?", P + "worker=3"),
                refused("factory.instance.orders.workers", "Did you mean factory.instances.orders.workers?",
                        "factory.instance.orders.workers=3"),
                refused(T + "base-config", "a template cannot have a base-config", T + "base-config=default"),
                refused(P + "discard.limt", "Did you mean " + P + "discard.limit?", P + "discard.limt=5"),
                refused(P + "dead-man-switch.timeout", "Did you mean " + P + "dead-mans-switch.timeout?",
                        P + "dead-man-switch.timeout=1s"),
                refused(P + "retry.attempts", P + "retry.max-attempts", P + "retry.attempts=3"),
                refused(P + "workers.count", "is a value, not a group", P + "workers.count=3"),
                refused("factory.healthy.stuck-workers-down", "Did you mean factory.health.stuck-workers-down?",
                        "factory.healthy.stuck-workers-down=true"),
                refused(D + "job-tll", "Did you mean " + D + "job-ttl?", D + "job-tll=5s"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("refusedConfigurations")
    void aMisconfigurationRefusesTheStartNamingTheKeyTheUserWrote(String key, String rule, List<String> properties) {
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("a report through the failure analyzer").isNotNull();
            assertThat(analysis.getDescription()).contains(key);
            assertThat(analysis.getDescription() + "\n" + analysis.getAction()).contains(rule);
            assertThat(analysis.getAction()).isNotBlank().doesNotContain("maxWorkers", "customHash", "IllegalArgument");
            if (!key.startsWith(P)) {
                // reported where the user wrote it, never blamed on a key of the factory they did not write
                assertThat(analysis.getDescription()).doesNotContain(P + key.substring(key.lastIndexOf('.') + 1));
            }
        });
    }

    static Stream<Arguments> unbindableValues() {
        return Stream.of(Arguments.of(P + "workers", "abc"), Arguments.of(P + "routing", "sideways"),
                Arguments.of(P + "job-ttl", "soon"), Arguments.of(P + "retry.no-retry-on", "com.example.NoSuch"),
                Arguments.of(P + "discard.mode", "newest-first"), Arguments.of("factory.validation.strict", "maybe"),
                Arguments.of(P + "discard", "5"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("unbindableValues")
    void aValueOfTheWrongTypeRefusesTheStartThroughBootsBindingReportNamingTheKey(String key, String value) {
        runner.withPropertyValues(key + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("Failed to bind properties under '"
                    + key + "'");
        });
    }

    @Test
    void everyProblemIsReportedAtOnceBeforeAnyFactoryIsBuilt() {
        runner.withPropertyValues(P + "job-ttl=-5s", P + "worker=3", D + "discard.mode=newest").run(context -> {
            FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("3 problems in the factory configuration")
                    .contains(P + "job-ttl", P + "worker", D + "discard.mode");
            assertThat(analysis.getAction()).contains("Set " + P + "job-ttl", "Did you mean " + P + "workers?",
                    "Set " + P + "discard.limit");
        });
    }

    @Test
    void aBadValueInATemplateIsReportedOnceUnderTheTemplatesKey() {
        runner.withPropertyValues(D + "ping-interval=0s").run(context -> {
            FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo(D + "ping-interval is 0s: must be a positive duration "
                    + "(how often workers are pinged).");
            assertThat(analysis.getAction()).isEqualTo("Set " + D + "ping-interval to e.g. 1s.");
        });
    }

    @Test
    void leniencyIsOneSwitchThatTurnsUnknownAndInertKeysIntoWarningsButNeverAcceptsInvalidValues(
            CapturedOutput output) {
        runner.withPropertyValues("factory.validation.strict=false", P + "worker=3", P + "discard.mode=newest")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).contains("factory.validation.strict is false, so this is ignored: "
                            + P + "worker", P + "discard.mode is newest: does nothing");
                });
        runner.withPropertyValues("factory.validation.strict=false", P + "job-ttl=-5s")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void everyDocumentedKeyIsAcceptedInEverySpellingBootAllows() {
        runner.withPropertyValues(D + "workers=2", D + "maxWorkers=4", "factory.configs.fast.workers=3",
                P + "base-config=fast", P + "routing=key-persistent", P + "queue=priority", P + "priority-weights=1,3",
                P + "discard.limit=100", P + "discard.mode=newest", P + "job-ttl=30s",
                P + "dead-mans-switch.timeout=30s", P + "dead-mans-switch.kill=true", P + "dead-mans-switch.grace=1s",
                P + "ping-interval=1s", P + "rate-limit.refill=10", P + "rate-limit.interval=1s",
                P + "rate-limit.max=20", P + "retry.max-attempts=3", P + "retry.backoff=10ms",
                P + "retry.max-backoff=1s", P + "retry.multiplier=3", P + "retry.jitter=0.1",
                P + "retry.retry-on[0]=java.io.IOException", P + "retry.no_retry_on=java.lang.IllegalStateException",
                P + "failures.recent=5", P + "failures.log-rate=3", P + "failures.key-disclosure=hashed",
                P + "drain-timeout=5s", P + "delayed-jobs-at-drain=wait", P + "dispatch-after-commit=false",
                P + "threads=platform", "factory.health.stuck-workers-down=true", "factory.validation.strict=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FactoryRegistry.class).get("orders").settingsInEffect())
                            .containsEntry("workers", 3).containsEntry("max-workers", 4)
                            .containsEntry("discard.limit", 100).containsEntry("rate-limit", "RateLimiter[10 per PT1S, max 20]");
                });
    }

    @Test
    void theStartUpLogListsEachFactorysEffectiveSettingsInOneInfoLine(CapturedOutput output) {
        runner.withPropertyValues(P + "workers=3", P + "discard.limit=50", P + "job-ttl=30s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).containsPattern("INFO .*Factory 'orders': 3 workers, key-persistent routing, fifo queue "
                    + "limit 50 drop oldest, ttl 30s, platform threads, drain 30s");
        });
    }

    @Test
    void aCustomizerForAFactoryIsTypedAndATyposNameRefusesTheStart() {
        List<String> seen = new ArrayList<>();
        runner.withBean("ordersCustomizer", FactoryCustomizer.class, () -> FactoryCustomizer.<String, String, String>
                forFactory("orders", builder -> seen.add("orders"))).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(seen).containsExactly("orders");
                });
        runner.withBean("typo", FactoryCustomizer.class, () -> FactoryCustomizer.forFactory("ordres", builder -> {
        })).run(context -> {
            FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("FactoryCustomizer.forFactory(\"ordres\")",
                    "names a factory that does not exist", "[orders]");
        });
    }

    @Test
    void customHashRoutingWithoutAHashFunctionIsReportedInPropertyTerms() {
        runner.withPropertyValues(P + "routing=custom-hash").run(context -> {
            FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(P + "routing is custom-hash, which needs a hash function");
            assertThat(analysis.getAction()).contains("FactoryCustomizer.forFactory(\"orders\", builder -> "
                    + "builder.customHash(");
        });
        runner.withPropertyValues(P + "routing=custom-hash").withBean(FactoryCustomizer.class,
                () -> FactoryCustomizer.<String, String, String>forFactory("orders",
                        builder -> builder.customHash((key, workers) -> key.length() % workers))).run(context -> assertThat(context)
                                .hasNotFailed());
    }

    @Test
    void whatACustomizerBreaksIsReportedAsTheCustomizersFault() {
        runner.withBean(FactoryCustomizer.class, () -> FactoryCustomizer.<String, String, String>forFactory("orders",
                builder -> builder.workers(5).maxWorkers(2))).run(context -> {
                    FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("refused by the engine after its "
                            + "FactoryCustomizers ran");
                    assertThat(analysis.getAction()).contains("Fix the FactoryCustomizer beans that customize "
                            + "'orders'");
                });
    }

    @FactoryWorker("bad/name")
    static final class BadlyNamedWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            return job.message();
        }
    }

    @Test
    void aFactoryNameIsValidatedWhereItIsDeclared() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class))
                .withUserConfiguration(BadlyNamedWorker.class).run(context -> {
                    FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("@FactoryWorker(\"bad/name\")", "contains '/'",
                            "path segment of /actuator/factories/{name}");
                    assertThat(analysis.getAction()).contains("@FactoryWorker(\"bad-name\")");
                });
    }

    /** A worker class without a stereotype of its own, declared by a @Bean method. */
    @FactoryWorker("made")
    static final class MadeWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            return job.message() + "!";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static final class BeanMethodApp {
        @Bean
        MadeWorker madeWorker() {
            return new MadeWorker();
        }
    }

    @Test
    void aBeanMethodReturningAFactoryWorkerClassMakesTheWorkersOfItsFactory() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class))
                .withUserConfiguration(BeanMethodApp.class).withPropertyValues("factory.instances.made.workers=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    FactoryRef<String, String, String> made = context.getBean("made", FactoryRef.class);
                    assertThat(made.call("k", "job").get()).isEqualTo("job!");
                    assertThat(made.workerCount()).isEqualTo(2);
                });
    }

    @Test
    void theKeyTreeFollowsTheBoundPropertiesSoItCannotDrift() {
        // a key bound by Spring but unknown to the check would refuse a valid start: every field of the settings
        // (found independently, from the fields) is a known key under a template and under an instance
        FactoryPropertyKeys keys = new FactoryPropertyKeys();
        List<String> fields = ConfigurationMetadataTest.keys(FactoryProperties.Settings.class, "");
        assertThat(fields).hasSizeGreaterThan(25);
        for (String field : fields) {
            assertThat(keys.exists(D + field)).as(D + field).isTrue();
            assertThat(keys.exists(P + field)).as(P + field).isTrue();
        }
        assertThat(keys.exists(P + "base-config")).isTrue();
        assertThat(keys.exists(D + "base-config")).isFalse();
        assertThat(keys.exists(P + "retry.retry-on[2]")).isTrue();
        assertThat(keys.exists("factory.validation.strict")).isTrue();
        assertThat(keys.exists(P + "workerz")).isFalse();
    }

    @FactoryWorker("billing")
    static final class BillingWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            return job.message();
        }
    }

    @Test
    void aTemplateValueThatTakesEffectForSomeFactoryIsNotInert() {
        // configs.default.discard.mode is a policy default: billing has a limit, so it does something there
        runner.withUserConfiguration(BillingWorker.class)
                .withPropertyValues(D + "discard.mode=newest", "factory.instances.billing.discard.limit=10")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FactoryRegistry.class).get("billing").settingsInEffect())
                            .containsEntry("discard.mode", "newest");
                });
        runner.withUserConfiguration(BillingWorker.class).withPropertyValues(D + "discard.mode=newest")
                .run(context -> {
                    FailureAnalysis analysis = new FactoryFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).as("reported once, for the key written")
                            .startsWith(D + "discard.mode is newest: does nothing");
                });
    }

    @Test
    void maxWorkersAloneCapsTheDefaultWorkersOnAnyMachine() {
        runner.withPropertyValues(P + "max-workers=1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(FactoryRegistry.class).get("orders").settingsInEffect())
                    .containsEntry("max-workers", 1);
        });
    }

    @Test
    void environmentVariablesBindInEveryFormAndUnknownOnesOnlyWarn(CapturedOutput output) {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new org.springframework.core.env.SystemEnvironmentPropertySource("test-systemEnvironment",
                        java.util.Map.of("FACTORY_INSTANCES_ORDERS_MAX_WORKERS", "6",
                                "FACTORY_INSTANCES_ORDERS_DEAD_MANS_SWITCH_TIMEOUT", "30s",
                                "FACTORY_SERVICE_HOST", "10.0.0.1"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FactoryRegistry.class).get("orders").settingsInEffect())
                            .containsEntry("max-workers", 6).containsEntry("dead-mans-switch.timeout", "PT30S");
                    assertThat(output).contains("Environment variable for an unknown key, ignored: "
                            + "factory.service.host");
                    assertThat(output).doesNotContain("factory.instances.orders.max.workers");
                });
    }
}
