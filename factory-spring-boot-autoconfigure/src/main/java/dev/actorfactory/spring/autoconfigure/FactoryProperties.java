package dev.actorfactory.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.failure.KeyDisclosure;
import dev.actorfactory.factory.lifecycle.DelayedJobsAtDrain;
import dev.actorfactory.factory.routing.RoutingMode;

/**
 * Configuration of actor factories under {@code factory}: named templates in {@code configs} (the template
 * {@code default} applies to every factory) and concrete factories in {@code instances}, each optionally based on a
 * template ({@code base-config}). Effective settings: defaults of the library, then {@code configs.default}, then the
 * base template, then the instance's own values.
 *
 * <pre>
 * factory:
 *   configs:
 *     default: { workers: 4 }
 *     io-bound: { workers: 32, threads: virtual }
 *   instances:
 *     orders:
 *       base-config: io-bound
 *       routing: key-persistent
 *       discard: { limit: 10000, mode: oldest }
 *       dead-mans-switch: { timeout: 30s, kill: true }
 * </pre>
 */
@ConfigurationProperties("factory")
public class FactoryProperties {

    /** Named templates of settings; "default" applies to every factory. */
    private Map<String, Settings> configs = new LinkedHashMap<>();

    /** The factories, by name; each needs a @FactoryWorker class with the same name. */
    private Map<String, Instance> instances = new LinkedHashMap<>();

    /** How factories report to the health endpoint. */
    private final HealthSettings health = new HealthSettings();

    /** How strictly the factory.* configuration is checked at start. */
    private final Validation validation = new Validation();

    public Validation getValidation() {
        return validation;
    }

    public HealthSettings getHealth() {
        return health;
    }

    public Map<String, Settings> getConfigs() {
        return configs;
    }

    public void setConfigs(Map<String, Settings> configs) {
        this.configs = configs;
    }

    public Map<String, Instance> getInstances() {
        return instances;
    }

    public void setInstances(Map<String, Instance> instances) {
        this.instances = instances;
    }

    /** How strictly the configuration is checked. */
    public static class Validation {

        /**
         * Whether unknown keys under "factory." and settings that would do nothing (such as discard.mode without
         * discard.limit) refuse the start. When false they are logged as warnings instead; invalid values always
         * refuse the start.
         */
        private boolean strict = true;

        public boolean isStrict() {
            return strict;
        }

        public void setStrict(boolean strict) {
            this.strict = strict;
        }
    }

    /** Health reporting settings. */
    public static class HealthSettings {

        /** Whether a factory with a stuck worker reports DOWN (else stuck workers only appear in details). */
        private boolean stuckWorkersDown;

        /** When a factory whose workers keep crashing reports DOWN. */
        private final CrashLoop crashLoop = new CrashLoop();

        public boolean isStuckWorkersDown() {
            return stuckWorkersDown;
        }

        public void setStuckWorkersDown(boolean stuckWorkersDown) {
            this.stuckWorkersDown = stuckWorkersDown;
        }

        public CrashLoop getCrashLoop() {
            return crashLoop;
        }

        /**
         * A crash loop: more than {@code max-restarts} worker restarts within {@code within}, with no job completing
         * in between. A worker is restarted each time a job throws out of it or is killed.
         */
        public static class CrashLoop {

            /**
             * Most worker restarts in a row (no job of the factory completing in between) within "within" before the
             * factory's health is DOWN; a worker restarts each time a job throws out of it or is killed. 1 to 10000.
             */
            private int maxRestarts = 10;

            /** The window the restarts are counted in; positive. */
            private Duration within = Duration.ofMinutes(1);

            public int getMaxRestarts() {
                return maxRestarts;
            }

            public void setMaxRestarts(int maxRestarts) {
                this.maxRestarts = maxRestarts;
            }

            public Duration getWithin() {
                return within;
            }

            public void setWithin(Duration within) {
                this.within = within;
            }
        }
    }

    /** What a factory's jobs queue in. */
    public enum Queue {
        /** First in, first out. */
        FIFO,
        /** Priority levels (see priority-levels), highest first. */
        PRIORITY
    }

    /** What kind of threads run the workers. */
    public enum Threads {
        /** Platform threads, one per worker. */
        PLATFORM,
        /** Virtual threads (JDK 21+). */
        VIRTUAL,
        /** Workers take turns on a shared pool with one thread per core: for workers that never block. */
        SHARED
    }

    /** One factory: its settings, optionally on top of a named template. */
    public static class Instance extends Settings {

        /** The template from "factory.configs" these settings build on (besides "default"). */
        private @Nullable String baseConfig;

        public @Nullable String getBaseConfig() {
            return baseConfig;
        }

        public void setBaseConfig(@Nullable String baseConfig) {
            this.baseConfig = baseConfig;
        }
    }

    /** Settings of a factory or a template; unset values come from the layer below. */
    public static class Settings {

        /** Number of workers at start. */
        private @Nullable Integer workers;

        /** Most workers a resize may reach (defaults to "workers"). */
        private @Nullable Integer maxWorkers;

        /** How jobs are routed to workers. */
        private @Nullable RoutingMode routing;

        /** The queue kind. */
        private @Nullable Queue queue;

        /** Priority levels of a priority queue (0 = lowest). */
        private @Nullable Integer priorityLevels;

        /**
         * Serves the priority levels by weight instead of strictly, one weight per level, lowest level first (e.g.
         * 1,3,6): every level gets its share, so none starves. Implies a priority queue with that many levels.
         */
        private @Nullable List<Integer> priorityWeights;

        /** Load shedding: the queue limit and which job to drop. */
        private final Discard discard = new Discard();

        /** How long a job may wait in a queue before it is discarded (ttl-expired). */
        private @Nullable Duration jobTtl;

        /** Detection (and optional killing) of workers stuck on one job. */
        private final DeadMansSwitchSettings deadMansSwitch = new DeadMansSwitchSettings();

        /** How often workers are pinged and gauges reported. */
        private @Nullable Duration pingInterval;

        /** A token bucket in front of routing. */
        private final RateLimit rateLimit = new RateLimit();

        /** Retries of jobs whose worker failed or was killed. */
        private final Retry retry = new Retry();

        /** What the factory keeps and logs about jobs that failed for good. */
        private final Failures failures = new Failures();

        /** How long a drain at shutdown waits for queued and running jobs (bounded by the shutdown phase). */
        private @Nullable Duration drainTimeout;

        /** What a drain does with delayed jobs not due yet: discard them (default), or wait for them. */
        private @Nullable DelayedJobsAtDrain delayedJobsAtDrain;

        /**
         * Dispatch inside a Spring transaction only once it commits (and never if it rolls back): the injected
         * FactoryRef defers dispatch until then. Needs spring-tx. Default false.
         */
        private @Nullable Boolean dispatchAfterCommit;

        /**
         * Platform, virtual or shared threads; defaults to virtual when spring.threads.virtual.enabled and JDK 21+,
         * else platform.
         */
        private @Nullable Threads threads;

        public @Nullable Integer getWorkers() {
            return workers;
        }

        public void setWorkers(@Nullable Integer workers) {
            this.workers = workers;
        }

        public @Nullable Integer getMaxWorkers() {
            return maxWorkers;
        }

        public void setMaxWorkers(@Nullable Integer maxWorkers) {
            this.maxWorkers = maxWorkers;
        }

        public @Nullable RoutingMode getRouting() {
            return routing;
        }

        public void setRouting(@Nullable RoutingMode routing) {
            this.routing = routing;
        }

        public @Nullable Queue getQueue() {
            return queue;
        }

        public void setQueue(@Nullable Queue queue) {
            this.queue = queue;
        }

        public @Nullable List<Integer> getPriorityWeights() {
            return priorityWeights;
        }

        public void setPriorityWeights(@Nullable List<Integer> priorityWeights) {
            this.priorityWeights = priorityWeights;
        }

        public @Nullable Integer getPriorityLevels() {
            return priorityLevels;
        }

        public void setPriorityLevels(@Nullable Integer priorityLevels) {
            this.priorityLevels = priorityLevels;
        }

        public Discard getDiscard() {
            return discard;
        }

        public @Nullable Duration getJobTtl() {
            return jobTtl;
        }

        public void setJobTtl(@Nullable Duration jobTtl) {
            this.jobTtl = jobTtl;
        }

        public DeadMansSwitchSettings getDeadMansSwitch() {
            return deadMansSwitch;
        }

        public @Nullable Duration getPingInterval() {
            return pingInterval;
        }

        public void setPingInterval(@Nullable Duration pingInterval) {
            this.pingInterval = pingInterval;
        }

        public RateLimit getRateLimit() {
            return rateLimit;
        }

        public Retry getRetry() {
            return retry;
        }

        public Failures getFailures() {
            return failures;
        }

        public @Nullable Boolean getDispatchAfterCommit() {
            return dispatchAfterCommit;
        }

        public void setDispatchAfterCommit(@Nullable Boolean dispatchAfterCommit) {
            this.dispatchAfterCommit = dispatchAfterCommit;
        }

        public @Nullable DelayedJobsAtDrain getDelayedJobsAtDrain() {
            return delayedJobsAtDrain;
        }

        public void setDelayedJobsAtDrain(@Nullable DelayedJobsAtDrain delayedJobsAtDrain) {
            this.delayedJobsAtDrain = delayedJobsAtDrain;
        }

        public @Nullable Duration getDrainTimeout() {
            return drainTimeout;
        }

        public void setDrainTimeout(@Nullable Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }

        public @Nullable Threads getThreads() {
            return threads;
        }

        public void setThreads(@Nullable Threads threads) {
            this.threads = threads;
        }
    }

    /** Load shedding settings. */
    public static class Discard {

        /** Most queued jobs (per worker queue, or for the factory queue under queuer routing). */
        private @Nullable Integer limit;

        /** Which job to drop when the queue is full. */
        private @Nullable DiscardMode mode;

        public @Nullable Integer getLimit() {
            return limit;
        }

        public void setLimit(@Nullable Integer limit) {
            this.limit = limit;
        }

        public @Nullable DiscardMode getMode() {
            return mode;
        }

        public void setMode(@Nullable DiscardMode mode) {
            this.mode = mode;
        }
    }

    /** Dead man's switch settings. */
    public static class DeadMansSwitchSettings {

        /** How long one job may run before its worker counts as stuck. */
        private @Nullable Duration timeout;

        /** Whether a stuck worker is killed and replaced (else only reported). */
        private @Nullable Boolean kill;

        /**
         * Under key-ordered routing, how long the key of a killed job waits for the killed attempt to leave its
         * worker before the key's next job starts anyway (reported). Defaults to the timeout.
         */
        private @Nullable Duration grace;

        public @Nullable Duration getGrace() {
            return grace;
        }

        public void setGrace(@Nullable Duration grace) {
            this.grace = grace;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        public @Nullable Boolean getKill() {
            return kill;
        }

        public void setKill(@Nullable Boolean kill) {
            this.kill = kill;
        }
    }

    /** Rate limit settings (a token bucket). */
    public static class RateLimit {

        /** Tokens added per interval. */
        private @Nullable Long refill;

        /** The refill interval. */
        private @Nullable Duration interval;

        /** The bucket's capacity. */
        private @Nullable Long max;

        public @Nullable Long getRefill() {
            return refill;
        }

        public void setRefill(@Nullable Long refill) {
            this.refill = refill;
        }

        public @Nullable Duration getInterval() {
            return interval;
        }

        public void setInterval(@Nullable Duration interval) {
            this.interval = interval;
        }

        public @Nullable Long getMax() {
            return max;
        }

        public void setMax(@Nullable Long max) {
            this.max = max;
        }
    }

    /** Failure records and logging. */
    public static class Failures {

        /** How many recent failures the factory keeps for the endpoint (0 keeps none). Default 20. */
        private @Nullable Integer recent;

        /** At most how many WARN lines a minute about failed and crashing jobs (0: none). Default 10. */
        private @Nullable Integer logRate;

        /** How job keys appear in failure records and warnings: plain, hashed or hidden. Default plain. */
        private @Nullable KeyDisclosure keyDisclosure;

        public @Nullable Integer getRecent() {
            return recent;
        }

        public void setRecent(@Nullable Integer recent) {
            this.recent = recent;
        }

        public @Nullable Integer getLogRate() {
            return logRate;
        }

        public void setLogRate(@Nullable Integer logRate) {
            this.logRate = logRate;
        }

        public @Nullable KeyDisclosure getKeyDisclosure() {
            return keyDisclosure;
        }

        public void setKeyDisclosure(@Nullable KeyDisclosure keyDisclosure) {
            this.keyDisclosure = keyDisclosure;
        }
    }

    /** Retry settings. */
    public static class Retry {

        /** Attempts in all (1 = no retry). */
        private @Nullable Integer maxAttempts;

        /** The delay before the first retry (and every retry, unless max-backoff makes it exponential). */
        private @Nullable Duration backoff;

        /** Makes the backoff exponential: each delay is the previous one times the multiplier, up to this. */
        private @Nullable Duration maxBackoff;

        /** The factor between two exponential delays (default 2; needs max-backoff). */
        private @Nullable Double multiplier;

        /** Random spread of each delay, between 0 and 1 (0.2: within 20% either side). */
        private @Nullable Double jitter;

        /** If set, only errors of these types (and their subtypes) are retried. */
        private @Nullable List<Class<?>> retryOn;

        /** Errors of these types (and their subtypes) are never retried. */
        private @Nullable List<Class<?>> noRetryOn;

        public @Nullable Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(@Nullable Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public @Nullable Double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(@Nullable Double multiplier) {
            this.multiplier = multiplier;
        }

        public @Nullable Double getJitter() {
            return jitter;
        }

        public void setJitter(@Nullable Double jitter) {
            this.jitter = jitter;
        }

        public @Nullable List<Class<?>> getRetryOn() {
            return retryOn;
        }

        public void setRetryOn(@Nullable List<Class<?>> retryOn) {
            this.retryOn = retryOn;
        }

        public @Nullable List<Class<?>> getNoRetryOn() {
            return noRetryOn;
        }

        public void setNoRetryOn(@Nullable List<Class<?>> noRetryOn) {
            this.noRetryOn = noRetryOn;
        }

        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public @Nullable Duration getBackoff() {
            return backoff;
        }

        public void setBackoff(@Nullable Duration backoff) {
            this.backoff = backoff;
        }
    }
}
