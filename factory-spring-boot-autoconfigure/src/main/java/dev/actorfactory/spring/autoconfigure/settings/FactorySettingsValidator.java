package dev.actorfactory.spring.autoconfigure.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.spring.autoconfigure.FactoryConfigurationException;
import dev.actorfactory.spring.autoconfigure.FactoryProperties;
import dev.actorfactory.spring.autoconfigure.FactoryProperties.Settings;
import dev.actorfactory.spring.autoconfigure.settings.SettingsLayers.Written;

/**
 * The rules every {@code factory.*} setting follows, checked before any factory is built. Two kinds of problem:
 * <ul>
 *   <li><b>invalid</b> values and combinations, which no factory could run with (a negative TTL, fewer
 *       {@code max-workers} than {@code workers}) — always refused;</li>
 *   <li><b>inert</b> settings, which would silently do nothing ({@code discard.mode} without {@code discard.limit},
 *       {@code dead-mans-switch.kill} without a timeout) — refused unless {@code factory.validation.strict=false},
 *       which logs them instead.</li>
 * </ul>
 * Each value is checked in the layer it was written in, so a bad value in {@code factory.configs.default} is reported
 * under that key, once, not under every factory that inherits it; combinations are checked on each factory's effective
 * settings, naming the keys that take part where they were written.
 *
 * <p>Threads: one instance per check, on the thread that creates the application context.
 */
public final class FactorySettingsValidator {

    /**
     * The outcome of a check.
     *
     * @param invalid problems no factory can run with
     * @param inert   settings that would do nothing
     */
    public record Report(List<ConfigurationProblem> invalid, List<ConfigurationProblem> inert) {

        /** Whether nothing was found. */
        public boolean clean() {
            return invalid.isEmpty() && inert.isEmpty();
        }
    }

    /** The settings that can be inert, and how to read them. */
    private static final Map<String, Function<Settings, @Nullable Object>> INERT_CANDIDATES = Map.ofEntries(
            Map.entry("priority-levels", Settings::getPriorityLevels),
            Map.entry("discard.mode", settings -> settings.getDiscard().getMode()),
            Map.entry("dead-mans-switch.kill", settings -> settings.getDeadMansSwitch().getKill()),
            Map.entry("dead-mans-switch.grace", settings -> settings.getDeadMansSwitch().getGrace()),
            Map.entry("rate-limit.interval", settings -> settings.getRateLimit().getInterval()),
            Map.entry("rate-limit.max", settings -> settings.getRateLimit().getMax()),
            Map.entry("retry.backoff", settings -> settings.getRetry().getBackoff()),
            Map.entry("retry.max-backoff", settings -> settings.getRetry().getMaxBackoff()),
            Map.entry("retry.multiplier", settings -> settings.getRetry().getMultiplier()),
            Map.entry("retry.jitter", settings -> settings.getRetry().getJitter()),
            Map.entry("retry.retry-on", settings -> settings.getRetry().getRetryOn()),
            Map.entry("retry.no-retry-on", settings -> settings.getRetry().getNoRetryOn()));

    private final List<ConfigurationProblem> invalid = new ArrayList<>();
    /** Inert findings by the key written: a template's value is inert only if it is for every factory using it. */
    private final Map<String, List<ConfigurationProblem>> inertByKey = new LinkedHashMap<>();
    /** How many factories take each (inert-able) value from the key it was written under. */
    private final Map<String, Integer> uses = new LinkedHashMap<>();

    private FactorySettingsValidator() {
    }

    /**
     * Checks the names, the templates' and instances' values, and the effective settings of every factory in
     * {@code factories} (the factories that will be built).
     *
     * @throws FactoryConfigurationException if an instance names a template that does not exist
     */
    public static Report validate(FactoryProperties properties, Collection<String> factories) {
        FactorySettingsValidator validator = new FactorySettingsValidator();
        properties.getConfigs().forEach((template, settings) -> {
            validator.name(template, "factory.configs." + template, "template");
            validator.values(SettingsLayers.templatePrefix(template), settings);
        });
        properties.getInstances().forEach((factory, settings) -> {
            validator.name(factory, "factory.instances." + factory, "factory");
            validator.values(SettingsLayers.instancePrefix(factory), settings);
        });
        for (String factory : factories) {
            validator.combinations(SettingsLayers.of(factory, properties));
        }
        List<ConfigurationProblem> inert = new ArrayList<>();
        validator.inertByKey.forEach((key, findings) -> {
            // a factory's own value is reported; a template's only when no factory using it makes it take effect
            if (key.startsWith("factory.instances.") || findings.size() == validator.uses.getOrDefault(key, 0)) {
                inert.add(findings.get(0));
            }
        });
        return new Report(List.copyOf(validator.invalid), List.copyOf(inert));
    }

    private void name(String name, String key, String what) {
        String problem = FactoryNames.problem(name);
        if (problem != null) {
            invalid.add(new ConfigurationProblem(key, null, "the " + what + " name '" + name + "' " + problem + ".",
                    "Rename it to " + FactoryNames.RULE + ", e.g. '" + FactoryNames.suggest(name) + "'."));
        }
    }

    /**
     * The rules of each value of {@code settings}, reported under {@code prefix} (e.g. {@code settings.} for a change
     * sent to the endpoint): the same rules as at start.
     */
    public static List<ConfigurationProblem> checkValues(String prefix, Settings settings) {
        FactorySettingsValidator validator = new FactorySettingsValidator();
        validator.values(prefix, settings);
        return List.copyOf(validator.invalid);
    }

    /** The rules of each value, in the layer that wrote it. */
    private void values(String prefix, Settings settings) {
        atLeast(prefix + "workers", settings.getWorkers(), 1, "the workers a factory starts with",
                "e.g. 4");
        atLeast(prefix + "max-workers", settings.getMaxWorkers(), 1, "the most workers a resize may reach",
                "e.g. 16, or remove it to keep the factory at its start size");
        Integer levels = settings.getPriorityLevels();
        if (levels != null && (levels < 1 || levels > QueueKind.MAX_LEVELS)) {
            invalid.add(new ConfigurationProblem(prefix + "priority-levels", levels, "must be between 1 and "
                    + QueueKind.MAX_LEVELS + ".", "Set " + prefix + "priority-levels to the number of priorities, "
                    + "e.g. 3 (0 is the lowest)."));
        }
        List<Integer> weights = settings.getPriorityWeights();
        if (weights != null && (weights.size() < 2 || weights.size() > QueueKind.MAX_LEVELS
                || weights.stream().anyMatch(weight -> weight == null || weight < 1))) {
            invalid.add(new ConfigurationProblem(prefix + "priority-weights", weights, "needs one weight of at "
                    + "least 1 per priority level, for 2 to " + QueueKind.MAX_LEVELS + " levels.", "Set " + prefix
                    + "priority-weights to one weight per level, lowest level first, e.g. 1,3,6."));
        }
        atLeast(prefix + "discard.limit", settings.getDiscard().getLimit(), 1,
                "the most jobs a queue may hold before the factory sheds load",
                "e.g. 10000, or remove it for an unbounded queue");
        positive(prefix + "job-ttl", settings.getJobTtl(), "how long a job may wait in the queue",
                "e.g. 30s, or remove it so jobs never expire");
        positive(prefix + "dead-mans-switch.timeout", settings.getDeadMansSwitch().getTimeout(),
                "how long one job may run before its worker counts as stuck", "e.g. 30s");
        notNegative(prefix + "dead-mans-switch.grace", settings.getDeadMansSwitch().getGrace(),
                "how long a killed job's key waits for the killed attempt to leave", "e.g. 5s");
        positive(prefix + "ping-interval", settings.getPingInterval(), "how often workers are pinged", "e.g. 1s");
        atLeastLong(prefix + "rate-limit.refill", settings.getRateLimit().getRefill(),
                "the tokens added per interval", "e.g. 100");
        positive(prefix + "rate-limit.interval", settings.getRateLimit().getInterval(), "the refill interval",
                "e.g. 1s");
        atLeastLong(prefix + "rate-limit.max", settings.getRateLimit().getMax(), "the bucket's capacity",
                "e.g. 200, or remove it to use the refill");
        FactoryProperties.Retry retry = settings.getRetry();
        atLeast(prefix + "retry.max-attempts", retry.getMaxAttempts(), 1, "the attempts in all (1: no retry)",
                "e.g. 3");
        notNegative(prefix + "retry.backoff", retry.getBackoff(), "the delay before a retry", "e.g. 100ms, or 0");
        positive(prefix + "retry.max-backoff", retry.getMaxBackoff(), "the longest delay of an exponential backoff",
                "e.g. 10s");
        Double multiplier = retry.getMultiplier();
        if (multiplier != null && !(multiplier >= 1.0 && !multiplier.isInfinite())) {
            invalid.add(new ConfigurationProblem(prefix + "retry.multiplier", multiplier, "must be at least 1 (the "
                    + "factor between two delays).", "Set " + prefix + "retry.multiplier to e.g. 2 (each delay "
                    + "doubles)."));
        }
        Double jitter = retry.getJitter();
        if (jitter != null && !(jitter >= 0.0 && jitter <= 1.0)) {
            invalid.add(new ConfigurationProblem(prefix + "retry.jitter", jitter, "must be between 0 and 1 (the "
                    + "spread of each delay).", "Set " + prefix + "retry.jitter to e.g. 0.2 (each delay within 20% "
                    + "of itself)."));
        }
        throwables(prefix + "retry.retry-on", retry.getRetryOn());
        throwables(prefix + "retry.no-retry-on", retry.getNoRetryOn());
        atLeast(prefix + "failures.recent", settings.getFailures().getRecent(), 0,
                "how many recent failures the factory keeps", "e.g. 20, or 0 to keep none");
        atLeast(prefix + "failures.log-rate", settings.getFailures().getLogRate(), 0,
                "the most warnings a minute about failed jobs", "e.g. 10, or 0 for none");
        notNegative(prefix + "drain-timeout", settings.getDrainTimeout(), "how long the drain at shutdown waits "
                + "for queued and running jobs", "e.g. 30s (0 stops at once, discarding what is queued)");
        // threads: virtual on JDK 17 is allowed on purpose: one configuration for both JDKs, platform threads and a
        // warning where virtual threads do not exist (see the README)
    }

    private void inert(ConfigurationProblem problem) {
        inertByKey.computeIfAbsent(problem.key(), key -> new ArrayList<>()).add(problem);
    }

    /** The rules of the effective settings of one factory. */
    private void combinations(SettingsLayers layers) {
        String factory = layers.factory();
        INERT_CANDIDATES.forEach((key, getter) -> {
            Written<Object> written = layers.find(key, getter);
            if (written != null) {
                uses.merge(written.key(), 1, Integer::sum);
            }
        });
        Written<Integer> workers = layers.find("workers", Settings::getWorkers);
        Written<Integer> maxWorkers = layers.find("max-workers", Settings::getMaxWorkers);
        if (workers != null && maxWorkers != null && maxWorkers.value() >= 1 && workers.value() > maxWorkers.value()) {
            invalid.add(new ConfigurationProblem(maxWorkers.key(), maxWorkers.value(), "must be at least the "
                    + "workers the factory '" + factory + "' starts with (" + workers.key() + " is " + workers.value()
                    + ").", "Set " + maxWorkers.key() + " to " + workers.value() + " or more, or lower "
                    + workers.key() + "."));
        }
        Written<FactoryProperties.Queue> queue = layers.find("queue", Settings::getQueue);
        Written<Integer> levels = layers.find("priority-levels", Settings::getPriorityLevels);
        Written<List<Integer>> weights = layers.find("priority-weights", Settings::getPriorityWeights);
        if (weights != null && queue != null && queue.value() == FactoryProperties.Queue.FIFO) {
            invalid.add(new ConfigurationProblem(weights.key(), weights.value(), "weighs priority levels, but "
                    + queue.key() + " is fifo, which has none.", "Set " + queue.key() + " to priority, or remove "
                    + weights.key() + "."));
        }
        if (weights != null && levels != null && levels.value() != weights.value().size()) {
            invalid.add(new ConfigurationProblem(weights.key(), weights.value(), "gives " + weights.value().size()
                    + " weights, but " + levels.key() + " is " + levels.value() + ".", "Give one weight per level in "
                    + weights.key() + ", or remove " + levels.key() + " (the weights imply the levels)."));
        }
        if (levels != null && weights == null && (queue == null || queue.value() != FactoryProperties.Queue.PRIORITY)) {
            inert(new ConfigurationProblem(levels.key(), levels.value(), "does nothing: the factory '" + factory
                    + "' has a fifo queue" + (queue == null ? " (the default)" : " (" + queue.key() + ")") + ".",
                    "Set " + layers.ownKey("queue") + " to priority, or remove " + levels.key() + "."));
        }
        Written<?> mode = layers.find("discard.mode", settings -> settings.getDiscard().getMode());
        if (mode != null && layers.value(settings -> settings.getDiscard().getLimit()) == null) {
            inert(new ConfigurationProblem(mode.key(), mode.value(), "does nothing: the factory '" + factory
                    + "' has no queue limit, so it never sheds a job.", "Set " + layers.ownKey("discard.limit")
                    + " (e.g. 10000), or remove " + mode.key() + "."));
        }
        if (layers.value(settings -> settings.getDeadMansSwitch().getTimeout()) == null) {
            for (Written<?> orphan : present(layers.find("dead-mans-switch.kill",
                    settings -> settings.getDeadMansSwitch().getKill()), layers.find("dead-mans-switch.grace",
                    settings -> settings.getDeadMansSwitch().getGrace()))) {
                inert(new ConfigurationProblem(orphan.key(), orphan.value(), "does nothing: the factory '"
                        + factory + "' has no dead-mans-switch.timeout, so no worker ever counts as stuck.",
                        "Set " + layers.ownKey("dead-mans-switch.timeout") + " (e.g. 30s), or remove "
                                + orphan.key() + "."));
            }
        }
        if (layers.value(settings -> settings.getRateLimit().getRefill()) == null) {
            for (Written<?> orphan : present(layers.find("rate-limit.interval",
                    settings -> settings.getRateLimit().getInterval()), layers.find("rate-limit.max",
                    settings -> settings.getRateLimit().getMax()))) {
                inert(new ConfigurationProblem(orphan.key(), orphan.value(), "does nothing: the factory '"
                        + factory + "' has no rate-limit.refill, so it has no rate limit.", "Set "
                        + layers.ownKey("rate-limit.refill") + " (tokens per interval, e.g. 100), or remove "
                        + orphan.key() + "."));
            }
        }
        retryCombinations(layers);
    }

    private void retryCombinations(SettingsLayers layers) {
        String factory = layers.factory();
        Written<Duration> backoff = layers.find("retry.backoff", settings -> settings.getRetry().getBackoff());
        Written<Duration> maxBackoff = layers.find("retry.max-backoff",
                settings -> settings.getRetry().getMaxBackoff());
        Written<Double> multiplier = layers.find("retry.multiplier", settings -> settings.getRetry().getMultiplier());
        Written<Double> jitter = layers.find("retry.jitter", settings -> settings.getRetry().getJitter());
        if (layers.value(settings -> settings.getRetry().getMaxAttempts()) == null) {
            for (Written<?> orphan : present(backoff, maxBackoff, multiplier, jitter, layers.find("retry.retry-on",
                    settings -> settings.getRetry().getRetryOn()), layers.find("retry.no-retry-on",
                    settings -> settings.getRetry().getNoRetryOn()))) {
                inert(new ConfigurationProblem(orphan.key(), orphan.value(), "does nothing: the factory '"
                        + factory + "' has no retry.max-attempts, so its jobs are never retried.", "Set "
                        + layers.ownKey("retry.max-attempts") + " (attempts in all, e.g. 3), or remove "
                        + orphan.key() + "."));
            }
            return;
        }
        if (maxBackoff != null && (backoff == null || backoff.value().isZero()
                || maxBackoff.value().compareTo(backoff.value()) < 0)) {
            invalid.add(new ConfigurationProblem(maxBackoff.key(), maxBackoff.value(), "needs a positive "
                    + "retry.backoff no longer than it to grow from, was " + (backoff == null ? "unset"
                    : backoff.key() + " = " + ConfigurationProblem.format(backoff.value())) + ".", "Set "
                    + (backoff == null ? layers.ownKey("retry.backoff") : backoff.key()) + " to the first delay "
                    + "(e.g. 100ms) and " + maxBackoff.key() + " to the longest (e.g. 10s)."));
        }
        if (multiplier != null && maxBackoff == null) {
            inert(new ConfigurationProblem(multiplier.key(), multiplier.value(), "does nothing: without "
                    + "retry.max-backoff the factory '" + factory + "' retries after a fixed delay.", "Set "
                    + layers.ownKey("retry.max-backoff") + " (the longest delay, e.g. 10s) to make the backoff "
                    + "exponential, or remove " + multiplier.key() + "."));
        }
        if (jitter != null && (backoff == null || backoff.value().isZero())) {
            inert(new ConfigurationProblem(jitter.key(), jitter.value(), "does nothing: the factory '" + factory
                    + "' has no retry.backoff delay to spread.", "Set " + layers.ownKey("retry.backoff")
                    + " (e.g. 100ms), or remove " + jitter.key() + "."));
        }
    }

    @SafeVarargs
    private static List<Written<?>> present(@Nullable Written<?>... candidates) {
        List<Written<?>> found = new ArrayList<>();
        for (Written<?> candidate : candidates) {
            if (candidate != null) {
                found.add(candidate);
            }
        }
        return found;
    }

    private void atLeast(String key, @Nullable Integer value, int min, String meaning, String example) {
        if (value != null && value < min) {
            invalid.add(new ConfigurationProblem(key, value, "must be at least " + min + " (" + meaning + ").",
                    "Set " + key + " to " + example + "."));
        }
    }

    private void atLeastLong(String key, @Nullable Long value, String meaning, String example) {
        if (value != null && value < 1) {
            invalid.add(new ConfigurationProblem(key, value, "must be at least 1 (" + meaning + ").",
                    "Set " + key + " to " + example + "."));
        }
    }

    private void positive(String key, @Nullable Duration value, String meaning, String example) {
        if (value != null && (value.isZero() || value.isNegative())) {
            invalid.add(new ConfigurationProblem(key, value, "must be a positive duration (" + meaning + ").",
                    "Set " + key + " to " + example + "."));
        }
    }

    private void notNegative(String key, @Nullable Duration value, String meaning, String example) {
        if (value != null && value.isNegative()) {
            invalid.add(new ConfigurationProblem(key, value, "must not be negative (" + meaning + ").",
                    "Set " + key + " to " + example + "."));
        }
    }

    private void throwables(String key, @Nullable List<Class<?>> types) {
        if (types == null) {
            return;
        }
        for (Class<?> type : types) {
            if (!Throwable.class.isAssignableFrom(type)) {
                invalid.add(new ConfigurationProblem(key, type.getName(), "lists a class that is not an exception "
                        + "type.", "Set " + key + " to exception classes only, e.g. java.io.IOException."));
            }
        }
    }
}
