package dev.actorfactory.factory;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardHandler;
import dev.actorfactory.factory.discard.DiscardLimitController;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.job.RetryPolicy;
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
        @Nullable JobInterceptor jobInterceptor) {
}
