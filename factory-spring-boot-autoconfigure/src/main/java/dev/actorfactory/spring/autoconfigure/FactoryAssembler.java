package dev.actorfactory.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.factory.worker.WorkerThreads;
import dev.actorfactory.spring.autoconfigure.FactoryProperties.Settings;
import dev.actorfactory.spring.autoconfigure.settings.ConfigurationProblem;
import dev.actorfactory.spring.autoconfigure.settings.FactoryPropertyKeys;
import dev.actorfactory.spring.autoconfigure.settings.FactorySettingsValidator;
import dev.actorfactory.spring.autoconfigure.settings.SettingsLayers;
import dev.actorfactory.spring.autoconfigure.transaction.AfterCommitFactoryRef;
import dev.actorfactory.supervision.Backoff;

/**
 * Builds the application's factories: checks the whole {@code factory.*} configuration first (unknown keys, every
 * value and combination, the factories each customizer names — all problems in one report, before any factory
 * exists), then maps each factory's settings onto its builder, applies the customizers and builds it.
 *
 * <p>Threads: used once, on the thread that creates the application context.
 */
final class FactoryAssembler {

    private static final Logger log = LoggerFactory.getLogger(FactoryAssembler.class);

    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The workers of a factory that does not set {@code workers}: one per core (capped by {@code max-workers}). */
    private static final int DEFAULT_WORKERS = Runtime.getRuntime().availableProcessors();

    private final FactoryProperties properties;
    private final FactoryWorkerDefinitions workers;
    private final BeanFactory beanFactory;
    private final List<FactoryCustomizer> customizers;
    private final Environment environment;

    FactoryAssembler(FactoryProperties properties, FactoryWorkerDefinitions workers, BeanFactory beanFactory,
            List<FactoryCustomizer> customizers, Environment environment) {
        this.properties = properties;
        this.workers = workers;
        this.beanFactory = beanFactory;
        this.customizers = customizers;
        this.environment = environment;
    }

    /**
     * Checks the configuration and builds every factory (not started).
     *
     * @throws FactoryConfigurationException listing every problem found, before any factory is built
     */
    FactoryRegistry assemble() {
        validate();
        Map<String, Factory<Object, Object, Object>> factories = new LinkedHashMap<>();
        Map<String, FactoryRef<Object, Object, Object>> refs = new LinkedHashMap<>();
        Map<String, Duration> drainTimeouts = new LinkedHashMap<>();
        workers.beanNamesByFactory().forEach((name, beanName) -> {
            SettingsLayers layers = SettingsLayers.of(name, properties);
            Factory<Object, Object, Object> factory = build(name, beanName, layers);
            factories.put(name, factory);
            boolean afterCommit = Boolean.TRUE.equals(layers.value(Settings::getDispatchAfterCommit));
            refs.put(name, afterCommit ? new AfterCommitFactoryRef<>(factory) : factory);
            Duration drain = layers.value(Settings::getDrainTimeout);
            drainTimeouts.put(name, drain != null ? drain : DEFAULT_DRAIN_TIMEOUT);
        });
        return new FactoryRegistry(factories, refs, drainTimeouts);
    }

    /** Every check that needs no factory, all problems in one report. */
    private void validate() {
        List<ConfigurationProblem> problems = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(workers.beanNamesByFactory().keySet());
        for (String configured : properties.getInstances().keySet()) {
            if (!names.contains(configured)) {
                problems.add(new ConfigurationProblem("factory.instances." + configured, null, "is configured, but "
                        + "no @FactoryWorker(\"" + configured + "\") class exists" + knownFactories(names) + ".",
                        "Add a class implementing Worker<K, M, R> annotated @FactoryWorker(\"" + configured
                                + "\"), or remove factory.instances." + configured + "."));
            }
        }
        for (FactoryCustomizer customizer : customizers) {
            if (customizer instanceof FactoryCustomizer.ForFactory named && !names.contains(named.factoryName())) {
                problems.add(new ConfigurationProblem("FactoryCustomizer.forFactory(\"" + named.factoryName()
                        + "\")", null, "names a factory that does not exist" + knownFactories(names) + ".",
                        "Name one of the factories in FactoryCustomizer.forFactory, or remove the customizer."));
            }
        }
        boolean strict = properties.getValidation().isStrict();
        FactoryPropertyKeys.Unknown unknown = new FactoryPropertyKeys().unknownKeys(environment);
        unknown.environment().forEach(problem -> log.warn("Environment variable for an unknown key, ignored: {} {}",
                problem.describe(), problem.action()));
        List<ConfigurationProblem> questionable = new ArrayList<>(unknown.written());
        FactorySettingsValidator.Report report = FactorySettingsValidator.validate(properties, names);
        problems.addAll(report.invalid());
        questionable.addAll(report.inert());
        for (String name : names) {
            Boolean afterCommit = SettingsLayers.of(name, properties).value(Settings::getDispatchAfterCommit);
            if (Boolean.TRUE.equals(afterCommit) && !transactionsPresent()) {
                SettingsLayers.Written<Boolean> written = SettingsLayers.of(name, properties)
                        .find("dispatch-after-commit", Settings::getDispatchAfterCommit);
                problems.add(new ConfigurationProblem(written.key(), true, "needs Spring's transaction support "
                        + "(spring-tx), which is not on the class path.", "Set " + written.key() + " to false, or "
                        + "add spring-tx (for example through spring-boot-starter-jdbc)."));
            }
        }
        if (strict) {
            problems.addAll(questionable);
        } else {
            questionable.forEach(problem -> log.warn("factory.validation.strict is false, so this is ignored: {} {}",
                    problem.describe(), problem.action()));
        }
        if (!problems.isEmpty()) {
            throw ConfigurationProblem.toException(problems);
        }
    }

    private static String knownFactories(Set<String> names) {
        return names.isEmpty() ? " (there are no @FactoryWorker classes)" : " (factories: " + names + ")";
    }

    private Factory<Object, Object, Object> build(String name, String beanName, SettingsLayers layers) {
        Factory.Builder<Object, Object, Object> builder = Factory.builder(name);
        builder.workerBuilder(id -> workerBean(beanName));
        apply(layers, builder);
        customizers.forEach(customizer -> customizer.customize(name, builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException refused) {
            SettingsLayers.Written<RoutingMode> routing = layers.find("routing", Settings::getRouting);
            if (routing != null && routing.value() == RoutingMode.CUSTOM_HASH
                    && String.valueOf(refused.getMessage()).contains("customHash")) {
                throw new FactoryConfigurationException(routing.key() + " is custom-hash, which needs a hash "
                        + "function, and no FactoryCustomizer gives the factory '" + name + "' one.",
                        "Declare a bean FactoryCustomizer.forFactory(\"" + name + "\", builder -> builder.customHash("
                                + "(key, workers) -> ...)), or set " + routing.key() + " to key-persistent.");
            }
            throw new FactoryConfigurationException("The factory '" + name + "' was refused by the engine after its "
                    + "FactoryCustomizers ran: " + refused.getMessage() + ".", "Fix the FactoryCustomizer beans "
                    + "that customize '" + name + "' (the factory.* settings were checked and are valid).");
        }
    }

    private Worker<Object, Object, Object> workerBean(String beanName) {
        @SuppressWarnings("unchecked")
        Worker<Object, Object, Object> worker = (Worker<Object, Object, Object>) beanFactory.getBean(beanName);
        return worker;
    }

    private boolean transactionsPresent() {
        ClassLoader loader = beanFactory instanceof ConfigurableBeanFactory configurable
                ? configurable.getBeanClassLoader() : FactoryAssembler.class.getClassLoader();
        return ClassUtils.isPresent("org.springframework.transaction.support.TransactionSynchronizationManager",
                loader);
    }

    /** Maps the (validated) settings onto the builder. */
    private void apply(SettingsLayers layers, Factory.Builder<Object, Object, Object> builder) {
        PropertyMapper map = PropertyMapper.get();
        Integer maxWorkers = layers.value(Settings::getMaxWorkers);
        // unset workers: one per core, but never more than max-workers (the same on every machine)
        map.from(() -> layers.value(Settings::getWorkers))
                .orFrom(() -> maxWorkers == null ? null : Math.min(maxWorkers, DEFAULT_WORKERS)).to(builder::workers);
        map.from(maxWorkers).to(builder::maxWorkers);
        map.from(() -> layers.value(Settings::getRouting)).to(builder::routing);
        map.from(queueKind(layers)).to(builder::queue);
        map.from(() -> layers.value(settings -> settings.getDiscard().getLimit())).to(limit -> builder.discardLimit(limit,
                orDefault(layers.value(settings -> settings.getDiscard().getMode()), DiscardMode.OLDEST)));
        map.from(() -> layers.value(Settings::getJobTtl)).to(builder::defaultJobTtl);
        map.from(() -> layers.value(settings -> settings.getDeadMansSwitch().getTimeout())).as(timeout -> {
            Duration grace = layers.value(settings -> settings.getDeadMansSwitch().getGrace());
            DeadMansSwitch deadMansSwitch = new DeadMansSwitch(timeout,
                    Boolean.TRUE.equals(layers.value(settings -> settings.getDeadMansSwitch().getKill())));
            return grace == null ? deadMansSwitch : deadMansSwitch.withGrace(grace);
        }).to(builder::deadMansSwitch);
        map.from(() -> layers.value(Settings::getPingInterval)).to(builder::pingInterval);
        map.from(() -> layers.value(settings -> settings.getRateLimit().getRefill())).as(refill -> new RateLimiter(refill,
                orDefault(layers.value(settings -> settings.getRateLimit().getInterval()), Duration.ofSeconds(1)),
                orDefault(layers.value(settings -> settings.getRateLimit().getMax()), refill)))
                .to(builder::rateLimiter);
        map.from(retryPolicy(layers)).to(builder::retryPolicy);
        map.from(() -> layers.value(settings -> settings.getFailures().getRecent())).to(builder::recentFailures);
        map.from(() -> layers.value(settings -> settings.getFailures().getLogRate())).to(builder::failureLogRate);
        map.from(() -> layers.value(settings -> settings.getFailures().getKeyDisclosure())).to(builder::keyDisclosure);
        map.from(() -> layers.value(Settings::getDelayedJobsAtDrain)).to(builder::delayedJobsAtDrain);
        builder.workerThreads(workerThreads(layers.value(Settings::getThreads)));
    }

    private WorkerThreads workerThreads(FactoryProperties.@Nullable Threads threads) {
        if (threads == null) {
            // Boot's own switch, spring.threads.virtual.enabled, read the way Boot reads it
            return Threading.VIRTUAL.isActive(environment) && Dispatcher.virtualThreadsAvailable()
                    ? WorkerThreads.VIRTUAL : WorkerThreads.PLATFORM;
        }
        return switch (threads) {
            case SHARED -> WorkerThreads.SHARED;
            case VIRTUAL -> WorkerThreads.VIRTUAL;
            case PLATFORM -> WorkerThreads.PLATFORM;
        };
    }

    private static @Nullable QueueKind queueKind(SettingsLayers layers) {
        List<Integer> weights = layers.value(Settings::getPriorityWeights);
        if (weights != null) {
            return QueueKind.weighted(weights.stream().mapToInt(Integer::intValue).toArray());
        }
        if (layers.value(Settings::getQueue) == FactoryProperties.Queue.PRIORITY) {
            return QueueKind.priority(orDefault(layers.value(Settings::getPriorityLevels), 3));
        }
        return null;
    }

    /** The retry policy the (validated) layers describe; {@code null} if they set no retry. */
    private static @Nullable RetryPolicy retryPolicy(SettingsLayers layers) {
        Integer attempts = layers.value(settings -> settings.getRetry().getMaxAttempts());
        if (attempts == null) {
            return null;
        }
        Duration backoff = layers.value(settings -> settings.getRetry().getBackoff());
        Duration maxBackoff = layers.value(settings -> settings.getRetry().getMaxBackoff());
        Double jitter = layers.value(settings -> settings.getRetry().getJitter());
        Backoff delays = backoff == null ? Backoff.none() : maxBackoff == null ? Backoff.fixed(backoff)
                : Backoff.exponential(backoff, maxBackoff,
                        orDefault(layers.value(settings -> settings.getRetry().getMultiplier()), 2.0));
        if (jitter != null && backoff != null && !backoff.isZero()) {
            delays = delays.withJitter(jitter);
        }
        RetryPolicy retry = RetryPolicy.times(attempts - 1).withBackoff(delays);
        List<Class<?>> retryOn = layers.value(settings -> settings.getRetry().getRetryOn());
        if (retryOn != null) {
            retry = retry.retryOn(throwables(retryOn));
        }
        List<Class<?>> noRetryOn = layers.value(settings -> settings.getRetry().getNoRetryOn());
        if (noRetryOn != null) {
            retry = retry.noRetryOn(throwables(noRetryOn));
        }
        return retry;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Throwable>[] throwables(List<Class<?>> types) {
        return types.toArray(new Class[0]);
    }

    private static <T> T orDefault(@Nullable T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
