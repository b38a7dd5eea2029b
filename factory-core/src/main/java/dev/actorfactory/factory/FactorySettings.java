package dev.actorfactory.factory;

import java.util.Collections;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.internal.Threads;
import dev.actorfactory.factory.clock.FactoryClock;
import dev.actorfactory.factory.discard.DiscardHandler;
import dev.actorfactory.factory.discard.DiscardLimitController;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.failure.FailureHandler;
import dev.actorfactory.factory.failure.KeyDisclosure;
import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.lifecycle.DelayedJobsAtDrain;
import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.queue.PriorityFunction;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.CustomHashFunction;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.factory.worker.WorkerBuilder;
import dev.actorfactory.factory.worker.WorkerThreads;
import dev.actorfactory.supervision.Backoff;

/** The validated, immutable configuration of one factory, as assembled by {@link Factory.Builder}. */
record FactorySettings<K, M, R>(
        String name,
        WorkerBuilder<K, M, R> workerBuilder,
        int initialWorkers,
        int maxWorkers,
        RoutingMode routing,
        @Nullable CustomHashFunction<? super K> customHash,
        QueueKind queueKind,
        @Nullable PriorityFunction<? super K, ? super M> priorityFunction,
        int discardLimit,
        DiscardMode discardMode,
        @Nullable DiscardLimitController discardLimitController,
        Duration discardLimitPollInterval,
        @Nullable Duration defaultJobTtl,
        @Nullable DeadMansSwitch deadMansSwitch,
        Duration pingInterval,
        @Nullable CapacityController capacityController,
        Duration capacityPollInterval,
        @Nullable RateLimiter rateLimiter,
        RetryPolicy retryPolicy,
        Backoff crashBackoff,
        FactoryLifecycleHooks lifecycleHooks,
        @Nullable FactoryStatsListener statsListener,
        @Nullable DiscardHandler<? super K, ? super M> discardHandler,
        WorkerThreads workerThreads,
        @Nullable ThreadFactory threadFactory,
        @Nullable Dispatcher dispatcher,
        @Nullable JobInterceptor jobInterceptor,
        boolean recordTimings,
        @Nullable FailureHandler<? super K, ? super M> failureHandler,
        KeyDisclosure keyDisclosure,
        int recentFailures,
        int failureLogRate,
        FactoryClock clock,
        DelayedJobsAtDrain delayedJobsAtDrain) {

    /**
     * Whether jobs carry timestamps (see {@link dev.actorfactory.factory.job.Job}): when asked for, and whenever
     * something reads them — a stats listener (queue and processing times), the dead man's switch (how long a
     * worker has been busy), a job interceptor (which sees the job). Without them a job costs no clock read.
     */
    boolean timed() { // (a dead man's switch switched on at run time turns timings on then: see Factory.timed)
        return recordTimings || statsListener != null || deadMansSwitch != null || jobInterceptor != null;
    }

    /**
     * The settings for display, keys named like the {@code factory.*} properties; durations in ISO-8601, extension
     * hooks as whether they are installed. The settings an operator may change at run time are shown as they are
     * now: {@code queueLimit} (the limit in force) and {@code live}, instead of the values the factory was built with.
     */
    Map<String, Object> describe(int currentWorkers, int queueLimit, LiveSettings live) {
        int discardLimit = queueLimit;
        DiscardMode discardMode = live.discardMode();
        Duration defaultJobTtl = live.defaultJobTtl();
        DeadMansSwitch deadMansSwitch = live.deadMansSwitch();
        RateLimiter rateLimiter = live.rateLimiter();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workers", currentWorkers);
        out.put("max-workers", maxWorkers);
        out.put("routing", routing.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        out.put("queue", queueKind.isPriority() ? "priority" : "fifo");
        out.put("priority-levels", queueKind.levels());
        out.put("priority-weights", queueKind.weights());
        out.put("discard.limit", discardLimit == Integer.MAX_VALUE ? "unlimited" : discardLimit);
        out.put("discard.mode", discardMode.name().toLowerCase(Locale.ROOT));
        out.put("job-ttl", defaultJobTtl == null ? "none" : defaultJobTtl.toString());
        out.put("dead-mans-switch.timeout", deadMansSwitch == null ? "off" : deadMansSwitch.timeout().toString());
        out.put("dead-mans-switch.kill", deadMansSwitch != null && deadMansSwitch.kill());
        out.put("dead-mans-switch.grace", deadMansSwitch == null ? "off" : deadMansSwitch.grace().toString());
        out.put("ping-interval", pingInterval.toString());
        out.put("rate-limit", rateLimiter == null ? "none" : rateLimiter.toString());
        out.put("retry.max-attempts", retryPolicy.maxRetries() == Integer.MAX_VALUE ? "unlimited"
                : (Object) (retryPolicy.maxRetries() + 1));
        out.put("retry.backoff", retryPolicy.backoff().toString());
        out.put("retry.retry-on", retryPolicy.retryOn().stream().map(Class::getName).toList());
        out.put("retry.no-retry-on", retryPolicy.noRetryOn().stream().map(Class::getName).toList());
        boolean virtual = workerThreads == WorkerThreads.VIRTUAL && Threads.virtualThreadsAvailable();
        out.put("threads", workerThreads == WorkerThreads.SHARED ? "shared" : threadFactory != null ? "custom"
                : virtual ? "virtual" : "platform");
        out.put("custom-hash", customHash != null);
        out.put("priority-function", priorityFunction != null);
        out.put("discard-handler", discardHandler != null);
        out.put("failure-handler", failureHandler != null);
        out.put("recent-failures", recentFailures);
        out.put("failure-log-rate", failureLogRate);
        out.put("key-disclosure", keyDisclosure.name().toLowerCase(Locale.ROOT));
        out.put("delayed-jobs-at-drain", delayedJobsAtDrain.name().toLowerCase(Locale.ROOT));
        out.put("clock", clock.isManual() ? "manual" : "system");
        out.put("discard-limit-controller", discardLimitController != null);
        out.put("capacity-controller", capacityController != null);
        out.put("job-interceptor", jobInterceptor != null);
        return Collections.unmodifiableMap(out);
    }
}
