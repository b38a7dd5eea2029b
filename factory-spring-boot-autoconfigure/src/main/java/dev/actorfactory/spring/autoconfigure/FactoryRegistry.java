package dev.actorfactory.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;
import org.springframework.beans.factory.BeanFactory;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.failure.KeyDisclosure;
import dev.actorfactory.factory.lifecycle.DelayedJobsAtDrain;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.factory.worker.WorkerThreads;
import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.spring.autoconfigure.FactoryProperties.Settings;
import dev.actorfactory.supervision.Backoff;

/**
 * Every factory of the application, by name: built at start-up from the {@code factory.*} properties, the
 * {@code @FactoryWorker} beans and the {@link FactoryCustomizer}s; started and drained by the factory lifecycles.
 *
 * <p>Threads: safe to read from any thread once the application context is refreshed.
 */
public class FactoryRegistry {

    private static final Logger log = LoggerFactory.getLogger(FactoryRegistry.class);

    private final Map<String, Factory<Object, Object, Object>> factories = new LinkedHashMap<>();
    /** What the FactoryRef bean of each factory is: the factory, or its after-commit view. */
    private final Map<String, FactoryRef<Object, Object, Object>> refs = new LinkedHashMap<>();
    private final Map<String, Duration> drainTimeouts = new LinkedHashMap<>();

    FactoryRegistry(FactoryProperties properties, FactoryWorkerDefinitions workers, BeanFactory beanFactory,
            List<FactoryCustomizer> customizers, boolean virtualThreadsEnabled) {
        for (String configured : properties.getInstances().keySet()) {
            if (!workers.beanNamesByFactory().containsKey(configured)) {
                throw new FactoryConfigurationException("factory.instances." + configured + " is configured, but no "
                        + "@FactoryWorker(\"" + configured + "\") class exists.",
                        "Add a class implementing Worker<K, M, R> annotated @FactoryWorker(\"" + configured + "\"), "
                                + "or remove factory.instances." + configured + ".");
            }
        }
        workers.beanNamesByFactory().forEach((name, beanName) -> {
            Layers layers = new Layers(name, properties);
            Factory.Builder<Object, Object, Object> builder = Factory.builder(name);
            builder.workerBuilder(id -> workerBean(beanFactory, beanName));
            apply(layers, builder, virtualThreadsEnabled);
            customizers.forEach(customizer -> customizer.customize(name, builder));
            try {
                factories.put(name, builder.build());
            } catch (IllegalArgumentException | IllegalStateException invalid) {
                throw new FactoryConfigurationException("factory.instances." + name + " is invalid: "
                        + invalid.getMessage(), "Fix the settings of factory.instances." + name
                        + " (or of its base-config and factory.configs.default).");
            }
            Boolean afterCommit = layers.first(Settings::getDispatchAfterCommit);
            if (Boolean.TRUE.equals(afterCommit) && !transactionsPresent(beanFactory)) {
                throw new FactoryConfigurationException("factory.instances." + name + ".dispatch-after-commit is "
                        + "true, but Spring's transaction support (spring-tx) is not on the class path.",
                        "Set factory.instances." + name + ".dispatch-after-commit to false, or add spring-tx (for "
                                + "example through spring-boot-starter-jdbc).");
            }
            refs.put(name, Boolean.TRUE.equals(afterCommit) ? afterCommit(factories.get(name)) : factories.get(name));
            Duration drain = layers.first(Settings::getDrainTimeout);
            if (drain != null && drain.isNegative()) {
                throw new FactoryConfigurationException("factory.instances." + name + ".drain-timeout must not be "
                        + "negative, was " + drain + ": a drain with a negative budget cannot finish its jobs.",
                        "Set factory.instances." + name + ".drain-timeout to how long the drain at shutdown may "
                                + "wait for queued and running jobs, e.g. 30s (0 stops at once, discarding the queued).");
            }
            drainTimeouts.put(name, drain != null ? drain : Duration.ofSeconds(30));
        });
    }

    @SuppressWarnings("unchecked")
    private static Worker<Object, Object, Object> workerBean(BeanFactory beanFactory, String beanName) {
        return (Worker<Object, Object, Object>) beanFactory.getBean(beanName);
    }

    private static boolean transactionsPresent(BeanFactory beanFactory) {
        ClassLoader loader = beanFactory instanceof org.springframework.beans.factory.config.ConfigurableBeanFactory
                configurable ? configurable.getBeanClassLoader() : FactoryRegistry.class.getClassLoader();
        return ClassUtils.isPresent("org.springframework.transaction.support.TransactionSynchronizationManager",
                loader);
    }

    private static FactoryRef<Object, Object, Object> afterCommit(FactoryRef<Object, Object, Object> factory) {
        return new dev.actorfactory.spring.autoconfigure.transaction.AfterCommitFactoryRef<>(factory);
    }

    /**
     * The factory named {@code name}, as its {@code FactoryRef} bean is: with {@code dispatch-after-commit}, a view
     * that dispatches after the surrounding transaction commits.
     */
    public FactoryRef<Object, Object, Object> get(String name) {
        FactoryRef<Object, Object, Object> ref = refs.get(name);
        if (ref == null) {
            throw new IllegalArgumentException("No factory named '" + name + "'; factories: " + factories.keySet());
        }
        return ref;
    }

    /** The factory named {@code name}, if any. */
    public @Nullable FactoryRef<Object, Object, Object> find(String name) {
        return factories.get(name);
    }

    /** The names of all factories, in configuration order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(factories.keySet());
    }

    /** All factories. */
    public Collection<? extends FactoryRef<Object, Object, Object>> factories() {
        return Collections.unmodifiableCollection(factories.values());
    }

    /** The drain timeout configured for the factory named {@code name} (30 s unless set). */
    public Duration drainTimeoutOf(String name) {
        return drainTimeout(name);
    }

    /** The drain timeout configured for {@code name}. */
    Duration drainTimeout(String name) {
        return drainTimeouts.getOrDefault(name, Duration.ofSeconds(30));
    }

    void startAll() {
        factories.values().forEach(Factory::start);
        log.info("Started {} factories: {}", factories.size(), factories.keySet());
    }

    /**
     * Drains every factory, each within its drain timeout capped at {@code cap}; the future completes when all
     * are stopped. What is left at a timeout is discarded with reason shutdown (queued) or failed (running), and
     * reported by the factory's log and statistics.
     */
    CompletableFuture<Void> drainAll(Duration cap) {
        List<CompletableFuture<FactoryStats>> drains = new ArrayList<>();
        factories.forEach((name, factory) -> {
            Duration timeout = drainTimeout(name).compareTo(cap) < 0 ? drainTimeout(name) : cap;
            CompletableFuture<FactoryStats> drain;
            try {
                drain = factory.drain(timeout);
            } catch (RuntimeException | Error error) {
                // never leave a factory undrained, nor stop draining the others: stop this one at once (its queued
                // jobs are discarded with reason shutdown, its running ones fail), counted and logged
                log.error("Factory '{}': drain failed; stopping it at once", name, error);
                drain = stopNow(name, factory);
            }
            drains.add(drain.whenComplete((stats, error) -> {
                if (stats != null && stats.discarded() + stats.failed() > 0) {
                    log.info("Factory '{}' stopped: {} completed, {} failed, {} discarded {}", name,
                            stats.completed(), stats.failed(), stats.discarded(), stats.discardedByReason());
                }
            }));
        });
        return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new));
    }

    private static CompletableFuture<FactoryStats> stopNow(String name, Factory<Object, Object, Object> factory) {
        try {
            return factory.stop();
        } catch (RuntimeException | Error error) {
            log.error("Factory '{}': stop failed too", name, error);
            return CompletableFuture.failedFuture(error);
        }
    }

    private static void apply(Layers layers, Factory.Builder<Object, Object, Object> builder,
            boolean virtualThreadsEnabled) {
        String prefix = "factory.instances." + layers.name + ".";
        Integer workers = layers.first(Settings::getWorkers);
        if (workers != null) {
            builder.workers(positive(workers, prefix + "workers"));
        }
        Integer maxWorkers = layers.first(Settings::getMaxWorkers);
        if (maxWorkers != null) {
            builder.maxWorkers(positive(maxWorkers, prefix + "max-workers"));
        }
        if (layers.first(Settings::getRouting) != null) {
            builder.routing(layers.first(Settings::getRouting));
        }
        List<Integer> weights = layers.first(Settings::getPriorityWeights);
        FactoryProperties.Queue queue = layers.first(Settings::getQueue);
        Integer levels = layers.first(Settings::getPriorityLevels);
        if (weights != null) {
            if (queue == FactoryProperties.Queue.FIFO) {
                throw new FactoryConfigurationException(prefix + "priority-weights is set but " + prefix
                        + "queue is fifo, which has no levels to weigh.", "Set " + prefix + "queue to priority, or"
                        + " remove " + prefix + "priority-weights.");
            }
            if (weights.size() < 2 || (levels != null && levels != weights.size())
                    || weights.stream().anyMatch(weight -> weight == null || weight < 1)) {
                throw new FactoryConfigurationException(prefix + "priority-weights must give each priority level a "
                        + "weight of at least 1" + (levels == null ? "" : " (" + prefix + "priority-levels is "
                        + levels + ")") + ", was " + weights + ".", "Set " + prefix + "priority-weights to one "
                        + "weight per level, lowest level first, e.g. 1,3,6 (and " + prefix
                        + "priority-levels to their number, or leave it out).");
            }
            builder.queue(QueueKind.weighted(weights.stream().mapToInt(Integer::intValue).toArray()));
        } else if (queue == FactoryProperties.Queue.PRIORITY) {
            builder.queue(QueueKind.priority(levels == null ? 3 : positive(levels, prefix + "priority-levels")));
        }
        Integer limit = layers.first(settings -> settings.getDiscard().getLimit());
        if (limit != null) {
            DiscardMode mode = layers.first(settings -> settings.getDiscard().getMode());
            builder.discardLimit(positive(limit, prefix + "discard.limit"), mode == null ? DiscardMode.OLDEST : mode);
        }
        if (layers.first(Settings::getJobTtl) != null) {
            builder.defaultJobTtl(layers.first(Settings::getJobTtl));
        }
        Duration stuck = layers.first(settings -> settings.getDeadMansSwitch().getTimeout());
        if (stuck != null) {
            Boolean kill = layers.first(settings -> settings.getDeadMansSwitch().getKill());
            Duration grace = layers.first(settings -> settings.getDeadMansSwitch().getGrace());
            DeadMansSwitch deadMansSwitch = new DeadMansSwitch(stuck, kill != null && kill);
            builder.deadMansSwitch(grace == null ? deadMansSwitch : deadMansSwitch.withGrace(grace));
        }
        if (layers.first(Settings::getPingInterval) != null) {
            builder.pingInterval(layers.first(Settings::getPingInterval));
        }
        Long refill = layers.first(settings -> settings.getRateLimit().getRefill());
        if (refill != null) {
            Duration interval = layers.first(settings -> settings.getRateLimit().getInterval());
            Long max = layers.first(settings -> settings.getRateLimit().getMax());
            builder.rateLimiter(new RateLimiter(refill, interval == null ? Duration.ofSeconds(1) : interval,
                    max == null ? refill : max));
        }
        RetryPolicy retry = retryPolicy(layers, prefix);
        if (retry != null) {
            builder.retryPolicy(retry);
        }
        Integer recent = layers.first(settings -> settings.getFailures().getRecent());
        if (recent != null) {
            builder.recentFailures(notNegative(recent, prefix + "failures.recent"));
        }
        Integer logRate = layers.first(settings -> settings.getFailures().getLogRate());
        if (logRate != null) {
            builder.failureLogRate(notNegative(logRate, prefix + "failures.log-rate"));
        }
        DelayedJobsAtDrain delayedAtDrain = layers.first(Settings::getDelayedJobsAtDrain);
        if (delayedAtDrain != null) {
            builder.delayedJobsAtDrain(delayedAtDrain);
        }
        KeyDisclosure keys = layers.first(settings -> settings.getFailures().getKeyDisclosure());
        if (keys != null) {
            builder.keyDisclosure(keys);
        }
        FactoryProperties.Threads threads = layers.first(Settings::getThreads);
        if (threads == FactoryProperties.Threads.SHARED) {
            builder.workerThreads(WorkerThreads.SHARED);
            return;
        }
        boolean virtual = threads == FactoryProperties.Threads.VIRTUAL
                || (threads == null && virtualThreadsEnabled && Dispatcher.virtualThreadsAvailable());
        builder.workerThreads(virtual ? WorkerThreads.VIRTUAL : WorkerThreads.PLATFORM);
    }

    /** The retry policy the layers describe; {@code null} if they set no retry. */
    private static @Nullable RetryPolicy retryPolicy(Layers layers, String prefix) {
        Integer attempts = layers.first(settings -> settings.getRetry().getMaxAttempts());
        Duration backoff = layers.first(settings -> settings.getRetry().getBackoff());
        Duration maxBackoff = layers.first(settings -> settings.getRetry().getMaxBackoff());
        Double multiplier = layers.first(settings -> settings.getRetry().getMultiplier());
        Double jitter = layers.first(settings -> settings.getRetry().getJitter());
        List<Class<?>> retryOn = layers.first(settings -> settings.getRetry().getRetryOn());
        List<Class<?>> noRetryOn = layers.first(settings -> settings.getRetry().getNoRetryOn());
        if (attempts == null) {
            if (backoff != null || maxBackoff != null || multiplier != null || jitter != null || retryOn != null
                    || noRetryOn != null) {
                throw new FactoryConfigurationException(prefix + "retry has settings but no " + prefix
                        + "retry.max-attempts, so jobs are never retried and those settings would do nothing.",
                        "Set " + prefix + "retry.max-attempts (attempts in all, e.g. 3), or remove the other "
                                + prefix + "retry settings.");
            }
            return null;
        }
        RetryPolicy retry = RetryPolicy.times(positive(attempts, prefix + "retry.max-attempts") - 1);
        Backoff delays = Backoff.none();
        if (backoff != null) {
            if (backoff.isNegative()) {
                throw new FactoryConfigurationException(prefix + "retry.backoff must not be negative, was "
                        + backoff + ".", "Set " + prefix + "retry.backoff to a delay such as 100ms, or 0.");
            }
            delays = Backoff.fixed(backoff);
        }
        if (maxBackoff != null) {
            if (backoff == null || backoff.isZero() || maxBackoff.compareTo(backoff) < 0) {
                throw new FactoryConfigurationException(prefix + "retry.max-backoff (" + maxBackoff
                        + ") needs a positive " + prefix + "retry.backoff no longer than it, was " + backoff + ".",
                        "Set " + prefix + "retry.backoff to the first delay (e.g. 100ms) and " + prefix
                                + "retry.max-backoff to the longest (e.g. 10s).");
            }
            double factor = multiplier == null ? 2.0 : multiplier;
            if (!(factor >= 1.0) || Double.isInfinite(factor)) {
                throw new FactoryConfigurationException(prefix + "retry.multiplier must be at least 1, was "
                        + multiplier + ".", "Set " + prefix + "retry.multiplier to e.g. 2 (each delay doubles).");
            }
            delays = Backoff.exponential(backoff, maxBackoff, factor);
        } else if (multiplier != null) {
            throw new FactoryConfigurationException(prefix + "retry.multiplier is set but " + prefix
                    + "retry.max-backoff is not, so the backoff stays fixed.", "Set " + prefix
                    + "retry.max-backoff (the longest delay) to make the backoff exponential, or remove "
                    + prefix + "retry.multiplier.");
        }
        if (jitter != null) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new FactoryConfigurationException(prefix + "retry.jitter must be between 0 and 1, was "
                        + jitter + ".", "Set " + prefix + "retry.jitter to e.g. 0.2 (each delay within 20% of itself).");
            }
            if (backoff == null || backoff.isZero()) {
                throw new FactoryConfigurationException(prefix + "retry.jitter is set but there is no "
                        + prefix + "retry.backoff to spread.", "Set " + prefix + "retry.backoff, or remove "
                        + prefix + "retry.jitter.");
            }
            delays = delays.withJitter(jitter);
        }
        retry = retry.withBackoff(delays);
        if (retryOn != null) {
            retry = retry.retryOn(throwables(retryOn, prefix + "retry.retry-on"));
        }
        if (noRetryOn != null) {
            retry = retry.noRetryOn(throwables(noRetryOn, prefix + "retry.no-retry-on"));
        }
        return retry;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Throwable>[] throwables(List<Class<?>> types, String property) {
        for (Class<?> type : types) {
            if (!Throwable.class.isAssignableFrom(type)) {
                throw new FactoryConfigurationException(property + " lists " + type.getName()
                        + ", which is not an exception type.", "Set " + property + " to exception classes only, e.g. "
                        + "java.io.IOException.");
            }
        }
        return types.toArray(new Class[0]);
    }

    private static int notNegative(int value, String property) {
        if (value < 0) {
            throw new FactoryConfigurationException(property + " must not be negative, was " + value + ".",
                    "Set " + property + " to 0 or more.");
        }
        return value;
    }

    private static int positive(int value, String property) {
        if (value < 1) {
            throw new FactoryConfigurationException(property + " must be at least 1, was " + value + ".",
                    "Set " + property + " to a positive number.");
        }
        return value;
    }

    /** The settings layers of one factory: its own, its base-config, and configs.default. */
    private static final class Layers {
        final String name;
        private final List<Settings> layers = new ArrayList<>();

        Layers(String name, FactoryProperties properties) {
            this.name = name;
            FactoryProperties.Instance instance = properties.getInstances().get(name);
            if (instance != null) {
                layers.add(instance);
                String base = instance.getBaseConfig();
                if (base != null) {
                    Settings template = properties.getConfigs().get(base);
                    if (template == null) {
                        throw new FactoryConfigurationException("factory.instances." + name + ".base-config is '"
                                + base + "', but factory.configs." + base + " does not exist.",
                                "Define factory.configs." + base + ", or fix the base-config name. Templates: "
                                        + properties.getConfigs().keySet() + ".");
                    }
                    layers.add(template);
                }
            }
            Settings defaults = properties.getConfigs().get("default");
            if (defaults != null) {
                layers.add(defaults);
            }
        }

        <T> @Nullable T first(Function<Settings, @Nullable T> property) {
            for (Settings layer : layers) {
                T value = property.apply(layer);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }
}
