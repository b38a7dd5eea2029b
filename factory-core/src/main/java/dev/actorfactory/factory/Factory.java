package dev.actorfactory.factory;

import java.util.Map;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.discard.DiscardHandler;
import dev.actorfactory.factory.discard.DiscardLimitController;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.queue.PriorityFunction;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.CustomHashFunction;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.factory.stats.WorkerStats;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.factory.worker.WorkerBuilder;
import dev.actorfactory.factory.worker.WorkerThreads;
import dev.actorfactory.internal.Arguments;
import dev.actorfactory.internal.Threads;
import dev.actorfactory.supervision.Backoff;

/**
 * A factory: a managed pool of single-threaded workers behind one address. Build one with {@link #builder}, call
 * {@link #start()}, and submit jobs through its {@link FactoryRef} methods.
 *
 * <pre>{@code
 * Factory<String, Order, Receipt> orders = Factory.<String, Order, Receipt>builder("orders")
 *         .workerBuilder(id -> job -> process(job.message()))
 *         .workers(4)
 *         .routing(RoutingMode.KEY_PERSISTENT)
 *         .discardLimit(10_000, DiscardMode.OLDEST)
 *         .deadMansSwitch(new DeadMansSwitch(Duration.ofSeconds(30), true))
 *         .build();
 * orders.start();
 * orders.dispatch(customerId, order);                       // fire and forget
 * Receipt receipt = orders.call(customerId, order).join();  // request/reply
 * orders.drain(Duration.ofSeconds(30)).join();
 * }</pre>
 *
 * <p>The accounting contract: every submitted job ends exactly once as completed, failed or discarded with a
 * reason; every {@code call} future completes; under key-ordered routing, one key's jobs never run concurrently
 * and run in submission order, across resizes, worker crashes and kills.
 *
 * <p>Threads: all public methods may be called from any thread.
 *
 * @param <K> the key type
 * @param <M> the message type
 * @param <R> the result type
 */
public final class Factory<K, M, R> implements FactoryRef<K, M, R> {

    private static final Logger log = LoggerFactory.getLogger(Factory.class);

    private final FactorySettings<K, M, R> settings;
    private final String name;
    private final Placement<K, M, R> placement;
    private final JobAccounting<K, M, R> accounting;
    /** The statistics listeners, never null, exceptions logged. */
    private final GuardedStatsListener listeners;
    private final ThreadFactory threadFactory;
    private final ScheduledExecutorService scheduler;
    private final int bucketMask;
    private final long ttlDefaultNanos;
    private final long stuckAfterNanos;

    private final Object lifecycleLock = new Object();
    private final Object resizeLock = new Object();
    private final Object capacityMonitor = new Object();
    private final AtomicInteger waiters = new AtomicInteger();
    private final Set<JobRecord<K, M, R>> delayedRetries = ConcurrentHashMap.newKeySet();
    /** Keys whose next job must wait (key-ordered routing): a killed attempt still in the worker, a retry backoff. */
    private final KeyFences fences = new KeyFences();
    /** Runs abandoned while inside the worker whose thread has not left the worker yet. */
    private final AtomicInteger abandonedRunsAlive = new AtomicInteger();
    private final long killGraceNanos;
    private final List<ScheduledFuture<?>> housekeeping = new CopyOnWriteArrayList<>();

    private volatile FactoryState state = FactoryState.NEW;
    private volatile int queueLimit;
    private final boolean limited;
    private volatile boolean forced;
    private volatile boolean paused;
    private @Nullable CompletableFuture<FactoryStats> drainFuture;

    private Factory(FactorySettings<K, M, R> settings) {
        this.settings = settings;
        this.name = settings.name();
        this.queueLimit = settings.discardLimit();
        this.limited = settings.discardLimit() != Integer.MAX_VALUE || settings.discardLimitController() != null;
        this.ttlDefaultNanos = settings.defaultJobTtl() == null ? 0
                : Arguments.saturatedNanos(settings.defaultJobTtl());
        this.stuckAfterNanos = settings.deadMansSwitch() == null ? 0
                : Arguments.saturatedNanos(settings.deadMansSwitch().timeout());
        this.killGraceNanos = settings.deadMansSwitch() == null ? 0
                : Arguments.saturatedNanos(settings.deadMansSwitch().grace());
        this.bucketMask = bucketCount(settings.maxWorkers()) - 1;
        this.listeners = new GuardedStatsListener(name, settings.statsListener());
        this.accounting = new JobAccounting<>(name, listeners, settings.discardHandler(),
                this::jobEnded);
        this.threadFactory = settings.threadFactory() != null ? settings.threadFactory() : newThreadFactory(settings);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "factory-" + name + "-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        this.placement = settings.routing().queuesAtWorker() ? new WorkerQueuePlacement<>(this)
                : new FactoryQueuePlacement<>(this);
    }

    private static ThreadFactory newThreadFactory(FactorySettings<?, ?, ?> settings) {
        String prefix = "factory-" + settings.name() + "-worker";
        if (settings.workerThreads() == WorkerThreads.VIRTUAL) {
            if (Threads.virtualThreadsAvailable()) {
                return Threads.virtual(prefix);
            }
            log.warn("Factory '{}': virtual threads need JDK 21+ (running {}); using platform threads",
                    settings.name(), Runtime.version());
        }
        return Threads.platform(prefix);
    }

    /** A new runner thread for {@code slot} (not started). */
    Thread newWorkerThread(WorkerSlot<K, M, R> slot) {
        return threadFactory.newThread(slot);
    }

    /** Starts building a factory named {@code name}. */
    public static <K, M, R> Builder<K, M, R> builder(String name) {
        return new Builder<>(Arguments.notBlank(name, "name"));
    }

    static int bucketCount(int maxWorkers) {
        int buckets = 1024;
        while (buckets < maxWorkers * 8L && buckets < (1 << 20)) {
            buckets <<= 1;
        }
        return buckets;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Builds every worker, runs the on-started hook, and starts routing jobs.
     *
     * @throws IllegalStateException if the factory was already started
     * @throws FactoryStartException if a worker cannot be built or the on-started hook fails (the factory is then
     *                               {@link FactoryState#FAILED} and holds no threads)
     */
    public Factory<K, M, R> start() {
        synchronized (lifecycleLock) {
            if (state != FactoryState.NEW) {
                throw new IllegalStateException("Factory '" + name + "' cannot start: it is " + state);
            }
            state = FactoryState.STARTING;
        }
        try {
            for (int id = 0; id < settings.initialWorkers(); id++) {
                placement.slots().get(id).installWorker(buildWorker(id));
            }
            placement.start(settings.initialWorkers());
            for (int id = 0; id < settings.initialWorkers(); id++) {
                placement.slots().get(id).startRunner();
            }
            settings.lifecycleHooks().onStarted(name);
        } catch (Throwable error) {
            failStart();
            throw new FactoryStartException("Factory '" + name + "' failed to start: " + error, error);
        }
        synchronized (lifecycleLock) {
            if (state != FactoryState.STARTING) { // drained while starting
                failStart();
                throw new FactoryStartException("Factory '" + name + "' was stopped while starting", null);
            }
            state = FactoryState.RUNNING;
        }
        scheduleHousekeeping();
        log.debug("Factory '{}' started with {} workers ({} routing)", name, settings.initialWorkers(),
                settings.routing());
        return this;
    }

    private void failStart() {
        synchronized (lifecycleLock) {
            state = FactoryState.FAILED;
        }
        stopWorkers();
        shutdownThreads();
    }

    private Worker<K, M, R> buildWorker(int id) throws Exception {
        Worker<K, M, R> worker = settings.workerBuilder().build(id);
        if (worker == null) {
            throw new IllegalStateException("the worker builder returned null for worker " + id);
        }
        return worker;
    }

    @Override
    public CompletableFuture<FactoryStats> drain(Duration timeout) {
        Arguments.notNegative(timeout, "timeout");
        CompletableFuture<FactoryStats> future;
        synchronized (lifecycleLock) {
            if (drainFuture != null) {
                return drainFuture;
            }
            future = new CompletableFuture<>();
            drainFuture = future;
            if (state != FactoryState.RUNNING) {
                state = FactoryState.STOPPED;
                stopWorkers();
                shutdownThreads();
                future.complete(stats());
                return future;
            }
            state = FactoryState.DRAINING;
        }
        resume(); // a drain finishes queued work: a paused factory must run it
        log.debug("Factory '{}' draining (timeout {})", name, timeout);
        try {
            settings.lifecycleHooks().onDraining(name);
        } catch (RuntimeException error) {
            log.warn("Factory '{}': on-draining hook failed", name, error);
        }
        if (timeout.isZero()) {
            forceStop();
        } else {
            schedule(this::forceStop, Arguments.saturatedNanos(timeout));
            schedule(this::checkDrained, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(10));
            checkDrained();
        }
        return future;
    }

    /** Called after every job ends. */
    private void jobEnded() {
        if (state == FactoryState.DRAINING) {
            checkDrained();
        }
    }

    void slotWentIdle() {
        if (state == FactoryState.DRAINING) {
            checkDrained();
        }
    }

    /** Finishes the drain once no accepted job is outstanding (ended counted before submitted: see note). */
    private void checkDrained() {
        if (state != FactoryState.DRAINING) {
            return;
        }
        // every job is counted as submitted before it can end, so reading the ends first and then the
        // submissions can only under-report quiescence, never report it while a job is outstanding
        long ended = accounting.completedCount() + accounting.failedCount() + accounting.discardedCount();
        if (ended == accounting.submittedCount()) {
            finishStop();
        }
    }

    /** The drain timeout: discard what is queued, fail what is running, and stop. */
    private void forceStop() {
        if (state != FactoryState.DRAINING) {
            return;
        }
        forced = true;
        List<JobRecord<K, M, R>> queued = placement.closeAndRemoveAll();
        for (JobRecord<K, M, R> job : queued) {
            accounting.discard(job, DiscardReason.SHUTDOWN);
        }
        discardDelayedRetries();
        int abandoned = 0;
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            WorkerSlot.OpenRun<K, M, R> open = slot.openRun();
            if (open != null && abandonRun(slot, open) != RunState.IDLE) {
                // a job its runner had taken is in flight, whether or not the worker was called: it fails; a run
                // abandoned before it started never calls the worker (see RunState)
                JobRecord<K, M, R> job = open.job();
                placement.unbind(slot, job);
                abandoned++;
                accounting.fail(job, new FactoryStoppedException("Factory '" + name
                        + "' stopped while the job was in flight (drain timeout); its worker was interrupted"));
            }
        }
        if (!queued.isEmpty() || abandoned > 0) {
            log.warn("Factory '{}' drain timed out: {} queued jobs discarded (shutdown), {} running jobs failed",
                    name, queued.size(), abandoned);
        }
        finishStop();
    }

    private void discardDelayedRetries() {
        for (JobRecord<K, M, R> job : List.copyOf(delayedRetries)) {
            if (delayedRetries.remove(job)) {
                accounting.discard(job, DiscardReason.SHUTDOWN);
            }
        }
    }

    private void finishStop() {
        CompletableFuture<FactoryStats> future;
        synchronized (lifecycleLock) {
            if (state != FactoryState.DRAINING) {
                return;
            }
            state = FactoryState.STOPPED;
            future = drainFuture;
        }
        for (JobRecord<K, M, R> straggler : placement.closeAndRemoveAll()) {
            accounting.discard(straggler, DiscardReason.SHUTDOWN);
        }
        discardDelayedRetries();
        stopWorkers();
        try {
            settings.lifecycleHooks().onStopped(name);
        } catch (RuntimeException error) {
            log.warn("Factory '{}': on-stopped hook failed", name, error);
        }
        FactoryStats finalStats = stats();
        shutdownThreads();
        log.debug("Factory '{}' stopped: {}", name, finalStats);
        if (future != null) {
            future.complete(finalStats);
        }
    }

    /** Retires every slot: each runner stops its worker instance on its own thread, then ends. */
    private void stopWorkers() {
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            boolean wake;
            synchronized (slot.lock) {
                slot.active = false;
                wake = slot.runnerAlive;
                slot.scheduled = true;
            }
            if (wake) {
                slot.signal();
            }
        }
    }

    private void shutdownThreads() {
        for (ScheduledFuture<?> task : housekeeping) {
            task.cancel(false);
        }
        scheduler.shutdown();
    }

    // ------------------------------------------------------------------ submitting

    @Override
    public String name() {
        return name;
    }

    @Override
    public DispatchResult dispatch(K key, M message, JobOptions options) {
        JobRecord<K, M, R> job = newJob(key, message, options, null);
        DiscardReason reason = submit(job);
        return reason == null ? DispatchResult.accepted() : DispatchResult.discarded(reason);
    }

    @Override
    public CompletableFuture<R> call(K key, M message, JobOptions options) {
        CompletableFuture<R> reply = new CompletableFuture<>();
        submit(newJob(key, message, options, reply));
        return reply;
    }

    @Override
    public DispatchResult dispatchWaiting(K key, M message, JobOptions options, Duration maxWait)
            throws InterruptedException {
        Arguments.notNegative(maxWait, "maxWait");
        JobRecord<K, M, R> job = newJob(key, message, options, null);
        requireStarted();
        long deadline = System.nanoTime() + Arguments.saturatedNanos(maxWait);
        RateLimiter limiter = settings.rateLimiter();
        if (limiter != null) {
            long wait;
            while ((wait = limiter.nanosUntilToken()) > 0 || !limiter.tryAcquire()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    accounting.submitted();
                    accounting.discard(job, DiscardReason.RATE_LIMITED);
                    return DispatchResult.discarded(DiscardReason.RATE_LIMITED);
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(1, Math.min(wait, left)));
            }
        }
        accounting.submitted();
        if (state != FactoryState.RUNNING) {
            accounting.discard(job, DiscardReason.SHUTDOWN);
            return DispatchResult.discarded(DiscardReason.SHUTDOWN);
        }
        DiscardReason reason = placement.offer(job, false);
        while (reason == DiscardReason.LOAD_SHED) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                reason = placement.offer(job, true); // out of patience: shed as a plain dispatch would
                break;
            }
            awaitCapacity(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            reason = placement.offer(job, false);
        }
        if (reason != null) {
            accounting.discard(job, reason);
            return DispatchResult.discarded(reason);
        }
        return DispatchResult.accepted();
    }

    private void awaitCapacity(long nanos) throws InterruptedException {
        waiters.incrementAndGet();
        try {
            synchronized (capacityMonitor) {
                TimeUnit.NANOSECONDS.timedWait(capacityMonitor, nanos);
            }
        } finally {
            waiters.decrementAndGet();
        }
    }

    /** A worker took a job off a queue: wake producers waiting for room, if any. */
    void queueSpaceFreed() {
        if (waiters.get() > 0) {
            synchronized (capacityMonitor) {
                capacityMonitor.notifyAll();
            }
        }
    }

    private @Nullable DiscardReason submit(JobRecord<K, M, R> job) {
        requireStarted();
        accounting.submitted();
        DiscardReason reason;
        if (state != FactoryState.RUNNING) {
            reason = DiscardReason.SHUTDOWN;
        } else if (settings.rateLimiter() != null && !settings.rateLimiter().tryAcquire()) {
            reason = DiscardReason.RATE_LIMITED;
        } else {
            reason = placement.offer(job, true);
        }
        if (reason != null) {
            accounting.discard(job, reason);
        }
        return reason;
    }

    private void requireStarted() {
        FactoryState current = state;
        if (current == FactoryState.NEW || current == FactoryState.STARTING || current == FactoryState.FAILED) {
            throw new IllegalStateException("Factory '" + name + "' is " + current + "; call start() first");
        }
    }

    private JobRecord<K, M, R> newJob(K key, M message, JobOptions options, @Nullable CompletableFuture<R> reply) {
        Arguments.notNull(key, "key");
        Arguments.notNull(message, "message");
        Arguments.notNull(options, "options");
        int levels = settings.queueKind().levels();
        int priority;
        if (options.priority() != null) {
            priority = options.priority();
            if (priority >= levels) {
                throw new IllegalArgumentException("priority must be between 0 and " + (levels - 1) + " (factory '"
                        + name + "' has " + levels + " priority levels), was " + priority);
            }
        } else if (settings.priorityFunction() != null) {
            priority = Math.max(0, Math.min(levels - 1, priorityOf(key, message)));
        } else {
            priority = 0;
        }
        long ttl = options.ttl() != null ? Arguments.saturatedNanos(options.ttl()) : ttlDefaultNanos;
        RetryPolicy retry = options.retry() != null ? options.retry() : settings.retryPolicy();
        int bucket = settings.routing() == RoutingMode.KEY_PERSISTENT ? bucketOf(key) : 0;
        JobRecord<K, M, R> job = new JobRecord<>(key, message, options, priority, bucket, System.nanoTime(), ttl,
                retry, reply);
        JobInterceptor interceptor = settings.jobInterceptor();
        if (interceptor != null) {
            job.captured = interceptor.capture(job);
        }
        return job;
    }

    @SuppressWarnings("unchecked")
    private int priorityOf(K key, M message) {
        return ((PriorityFunction<K, M>) settings.priorityFunction()).priorityOf(key, message);
    }

    int bucketOf(K key) {
        int h = key.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & bucketMask;
    }

    // ------------------------------------------------------------------ outcomes (called by slots)

    void jobSucceeded(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, @Nullable R result) {
        placement.endedOnRunner(slot, job);
        accounting.complete(job, result);
    }

    void jobCrashed(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, Throwable error) {
        log.warn("Factory '{}': worker {} failed on key {} (attempt {}): {}; replacing the worker instance", name,
                slot.id, job.key, job.attempt, error.toString());
        log.debug("Factory '{}': worker {} failure", name, slot.id, error);
        workerRestarted(slot.id);
        retryOrFail(slot, job, error, true);
    }

    /**
     * The runner could not build a worker instance for {@code job} (which never ran): the job goes back to the head
     * of the slot's queue and the slot waits out the crash backoff, which grows while the builder keeps failing.
     */
    void workerBuildFailed(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
        long delay = Math.max(TimeUnit.MILLISECONDS.toNanos(1), crashDelay(slot.consecutiveBuildFailures));
        if (!placement.retryInPlace(slot, job, delay)) {
            placement.endedOnRunner(slot, job);
            accounting.discard(job, DiscardReason.SHUTDOWN);
        }
    }

    /** A runner died of an unexpected error (a bug): start a fresh one so the slot's queue keeps moving. */
    void runnerDied(WorkerSlot<K, M, R> slot, int epoch) {
        boolean restart;
        synchronized (slot.lock) {
            restart = slot.epoch == epoch && slot.runnerAlive;
            if (restart) {
                slot.epoch = epoch + 1;
                slot.scheduled = true;
            }
        }
        if (restart && state != FactoryState.STOPPED) {
            slot.startRunner();
        }
    }

    /**
     * Retries {@code failed} as a new attempt if its policy allows (the failed attempt's record is left alone: a
     * killed attempt may still be running with it), else fails the job. Under key-ordered routing the retry keeps
     * its place at the head of the slot's queue and only its key waits out the backoff (a key fence); the slot's
     * other keys keep flowing.
     */
    private void retryOrFail(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> failed, Throwable error,
            boolean onRunner) {
        if (!forced && state != FactoryState.STOPPED && failed.retry.allowsAnotherAttempt(failed.attempt)) {
            long delay = Arguments.saturatedNanos(failed.retry.delayAfter(failed.attempt));
            JobRecord<K, M, R> retry = failed.nextAttempt();
            accounting.retried(retry, error);
            if (settings.routing().isKeyOrdered()) {
                if (delay > 0) {
                    fences.fenceBackoff(retry.key); // before the retry is queued: no runner may take it early
                }
                if (placement.retryInPlace(slot, retry, 0)) {
                    if (delay > 0 && !schedule(() -> liftBackoff(retry.key), delay)) {
                        liftBackoff(retry.key); // stopping: whatever is queued is discarded anyway
                    }
                    return; // still bound to the slot (sticky-queuer): the retry is the same job
                }
                if (delay > 0) {
                    liftBackoff(retry.key);
                }
                endFailedAttempt(slot, failed, onRunner);
                accounting.discard(retry, DiscardReason.SHUTDOWN); // the placement closed meanwhile
                return;
            }
            endFailedAttempt(slot, failed, onRunner);
            if (delay == 0) {
                reroute(retry);
                return;
            }
            delayedRetries.add(retry);
            boolean scheduled = schedule(() -> {
                if (delayedRetries.remove(retry)) {
                    reroute(retry);
                }
            }, delay);
            if (scheduled && !forced && state != FactoryState.STOPPED) {
                return;
            }
            if (delayedRetries.remove(retry)) { // the drain timed out meanwhile: nobody else will end it
                accounting.discard(retry, DiscardReason.SHUTDOWN);
            }
            return;
        }
        endFailedAttempt(slot, failed, onRunner);
        accounting.fail(failed, error);
    }

    private void endFailedAttempt(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, boolean onRunner) {
        if (onRunner) {
            placement.endedOnRunner(slot, job);
        } else {
            placement.unbind(slot, job);
        }
    }

    private void liftBackoff(Object key) {
        if (fences.liftBackoff(key)) {
            placement.resumeAll();
        }
    }
    /** Routes a job again (an orphan of a retired worker, or a retry): not a new submission. */
    void reroute(JobRecord<K, M, R> job) {
        DiscardReason reason = placement.offer(job, true);
        if (reason != null) {
            accounting.discard(job, reason);
        }
    }

    long crashDelay(int consecutiveCrashes) {
        return consecutiveCrashes <= 1 ? 0
                : Arguments.saturatedNanos(settings.crashBackoff().delay(consecutiveCrashes - 1));
    }

    private void workerRestarted(int workerId) {
        listeners.onWorkerRestarted(name, workerId);
    }

    void workerPinged(int workerId, long latencyNanos) {
        listeners.onWorkerPing(name, workerId, latencyNanos);
    }

    // ------------------------------------------------------------------ plumbing for slots and placements

    FactorySettings<K, M, R> settings() {
        return settings;
    }

    Placement<K, M, R> placement() {
        return placement;
    }

    JobAccounting<K, M, R> accounting() {
        return accounting;
    }

    int queueLimit() {
        return queueLimit;
    }

    /**
     * Whether the factory sheds load (a queue limit or a limit controller): submitters then queue under a lock so
     * that shedding sees the exact queue; otherwise they push into lock-free inboxes.
     */
    boolean isLimited() {
        return limited;
    }

    Object resizeLock() {
        return resizeLock;
    }

    private boolean schedule(Runnable task, long delayNanos) {
        try {
            scheduler.schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException stopped) {
            log.debug("Factory '{}': task not scheduled, the factory is stopped", name);
            return false;
        }
    }

    private void schedule(Runnable task, long delayNanos, long periodNanos) {
        try {
            housekeeping.add(scheduler.scheduleAtFixedRate(guarded(task), delayNanos, periodNanos,
                    TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException stopped) {
            log.debug("Factory '{}': periodic task not scheduled, the factory is stopped", name);
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable error) {
                log.error("Factory '{}': housekeeping task failed", name, error);
            }
        };
    }

    // ------------------------------------------------------------------ housekeeping

    private void scheduleHousekeeping() {
        long ping = Arguments.saturatedNanos(settings.pingInterval());
        schedule(this::pingAndReport, ping, ping);
        DeadMansSwitch deadMansSwitch = settings.deadMansSwitch();
        if (deadMansSwitch != null) {
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), stuckAfterNanos / 4);
            schedule(this::detectStuckWorkers, period, period);
        }
        if (settings.capacityController() != null) {
            long period = Arguments.saturatedNanos(settings.capacityPollInterval());
            schedule(this::pollCapacityController, period, period);
        }
        if (settings.discardLimitController() != null) {
            long period = Arguments.saturatedNanos(settings.discardLimitPollInterval());
            schedule(this::pollDiscardLimitController, period, period);
        }
    }

    private void pingAndReport() {
        if (state != FactoryState.RUNNING) {
            return;
        }
        long now = System.nanoTime();
        int workers = placement.workerCount();
        for (int id = 0; id < workers; id++) {
            WorkerSlot<K, M, R> slot = placement.slots().get(id);
            if (slot.pingRequestedAt == 0) {
                slot.pingRequestedAt = now;
            }
            placement.wake(slot);
        }
        for (JobRecord<K, M, R> expired : placement.removeExpired(now)) {
            accounting.discard(expired, DiscardReason.TTL_EXPIRED);
        }
        listeners.onGauges(name, placement.queueDepth(), activeWorkers(), workers, queueLimit);
    }

    private void detectStuckWorkers() {
        DeadMansSwitch deadMansSwitch = settings.deadMansSwitch();
        if (deadMansSwitch == null || state == FactoryState.STOPPED) {
            return;
        }
        long now = System.nanoTime();
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            WorkerSlot.OpenRun<K, M, R> open = slot.openRun();
            if (open == null || open.busySince() == 0 || now - open.busySince() <= stuckAfterNanos) {
                continue;
            }
            JobRecord<K, M, R> job = open.job();
            long busy = now - open.busySince();
            if (slot.reportedStuckRun != open.runId()) {
                slot.reportedStuckRun = open.runId();
                log.warn("Factory '{}': worker {} is stuck on key {} for {} ms (dead man's switch {}){}", name,
                        slot.id, job.key, TimeUnit.NANOSECONDS.toMillis(busy), deadMansSwitch.timeout(),
                        deadMansSwitch.kill() ? "; killing and replacing it" : "");
                listeners.onWorkerStuck(name, slot.id, job.key, busy);
            }
            if (deadMansSwitch.kill() && abandonRun(slot, open) != RunState.IDLE) {
                workerRestarted(slot.id);
                retryOrFail(slot, job, new WorkerKilledException("Worker " + slot.id + " of factory '" + name
                        + "' was killed by the dead man's switch after " + TimeUnit.NANOSECONDS.toMillis(busy)
                        + " ms on key " + job.key), false);
                slot.replaceRunner(); // a fresh thread and worker instance take over the queue at once
            }
        }
        for (KeyFences.Overdue overdue : fences.liftOverdue(now, killGraceNanos)) {
            log.warn("Factory '{}': the killed attempt {} of key {} is still inside its worker after {} ms (grace {});"
                    + " the key's next job starts now, so two of its jobs may overlap while that thread runs",
                    name, overdue.abandonedRun().attempt, overdue.key(),
                    TimeUnit.NANOSECONDS.toMillis(overdue.aliveNanos()), deadMansSwitch.grace());
            listeners.onKillGraceExceeded(name, overdue.key(), overdue.aliveNanos());
            placement.resumeAll();
        }
    }

    /**
     * Takes an open run away from its runner (dead man's switch, drain timeout). Under key-ordered routing the
     * run's key is fenced first, so that if the run turns out to be inside the worker, no later job of the key
     * starts until it has left (see {@link #abandonedRunLeft}) or its grace has run out.
     *
     * @return the phase the run was abandoned in, or {@link RunState#IDLE} if its runner finished it first
     */
    private int abandonRun(WorkerSlot<K, M, R> slot, WorkerSlot.OpenRun<K, M, R> open) {
        boolean keyed = settings.routing().isKeyOrdered();
        JobRecord<K, M, R> job = open.job();
        if (keyed) {
            fences.fenceAbandonedRun(job, System.nanoTime());
        }
        abandonedRunsAlive.incrementAndGet(); // before the CAS: the runner's "left" always comes after it
        int phase = slot.abandon(open.runId());
        if (phase != RunState.RUNNING) { // the worker was never called for it, or the run finished first
            abandonedRunsAlive.decrementAndGet();
            if (keyed && fences.liftAbandonedRun(job)) {
                placement.resumeAll();
            }
        }
        return phase;
    }

    /**
     * A runner that was abandoned while inside the worker has left it (on its old thread): its key's next job may
     * start now.
     */
    void abandonedRunLeft(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
        abandonedRunsAlive.decrementAndGet();
        log.debug("Factory '{}': the killed attempt {} of key {} left worker {}", name, job.attempt, job.key,
                slot.id);
        if (settings.routing().isKeyOrdered() && fences.liftAbandonedRun(job)) {
            placement.resumeAll();
        }
    }

    /** Keys whose jobs must wait for now (read by placements when they pick a slot's next job). */
    KeyFences fences() {
        return fences;
    }

    private void pollCapacityController() {
        if (state != FactoryState.RUNNING) {
            return;
        }
        int desired = settings.capacityController().desiredWorkers(stats());
        int clamped = Math.max(1, Math.min(settings.maxWorkers(), desired));
        if (clamped != placement.workerCount()) {
            resize(clamped);
        }
    }

    private void pollDiscardLimitController() {
        DiscardLimitController controller = settings.discardLimitController();
        int next = controller.computeLimit(queueLimit, stats());
        queueLimit = Math.max(1, next);
    }

    // ------------------------------------------------------------------ operating and observing

    @Override
    public void resize(int workers) {
        if (workers < 1 || workers > settings.maxWorkers()) {
            throw new IllegalArgumentException("workers must be between 1 and " + settings.maxWorkers()
                    + " (the factory's max-workers), was " + workers);
        }
        synchronized (resizeLock) {
            if (state != FactoryState.RUNNING) {
                throw new IllegalStateException("Factory '" + name + "' cannot be resized: it is " + state);
            }
            int previous = placement.workerCount();
            if (workers == previous) {
                return;
            }
            buildGrownWorkers(previous, workers);
            placement.resize(workers);
            log.info("Factory '{}' resized from {} to {} workers", name, previous, workers);
        }
    }

    /**
     * Builds the worker instances of the slots a grow activates (those without a runner still alive from before),
     * so that a builder that fails is noticed now, by the caller of {@code resize}, and not at the first job.
     *
     * @throws IllegalStateException naming the worker whose builder failed (nothing was resized)
     */
    private void buildGrownWorkers(int previous, int workers) {
        List<WorkerSlot<K, M, R>> fresh = new ArrayList<>();
        List<Worker<K, M, R>> built = new ArrayList<>();
        for (int id = previous; id < workers; id++) {
            WorkerSlot<K, M, R> slot = placement.slots().get(id);
            if (slot.hasRunner()) {
                continue; // a retiring slot coming back: its runner keeps (or rebuilds) its own instance
            }
            try {
                built.add(buildWorker(id));
                fresh.add(slot);
            } catch (Throwable error) {
                built.forEach(this::stopQuietly);
                throw new IllegalStateException("Factory '" + name + "' cannot grow to " + workers
                        + " workers: building worker " + id + " failed: " + error, error);
            }
        }
        for (int i = 0; i < fresh.size(); i++) {
            fresh.get(i).installWorker(built.get(i));
        }
    }

    private void stopQuietly(Worker<K, M, R> worker) {
        try {
            worker.onStop();
        } catch (Throwable error) {
            log.warn("Factory '{}': onStop of an unused worker failed", name, error);
        }
    }

    @Override
    public void pause() {
        synchronized (lifecycleLock) {
            if (state != FactoryState.RUNNING) {
                throw new IllegalStateException("Factory '" + name + "' cannot be paused: it is " + state);
            }
            paused = true;
        }
        log.info("Factory '{}' paused", name);
    }

    @Override
    public void resume() {
        boolean was;
        synchronized (lifecycleLock) {
            was = paused;
            paused = false;
        }
        if (was) {
            placement.resumeAll();
            log.info("Factory '{}' resumed", name);
        }
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public int queueDepth() {
        return placement.queueDepth();
    }

    @Override
    public int availableCapacity() {
        if (queueLimit == Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.min(Integer.MAX_VALUE, placement.availableCapacity());
    }

    @Override
    public int activeWorkers() {
        int busy = 0;
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            if (slot.runningJob() != null) {
                busy++;
            }
        }
        return busy;
    }

    @Override
    public int workerCount() {
        return placement.workerCount();
    }

    @Override
    public FactoryState state() {
        return state;
    }

    @Override
    public Map<String, Object> settingsInEffect() {
        return settings.describe(placement.workerCount());
    }

    @Override
    public FactoryStats stats() {
        long now = System.nanoTime();
        int workers = placement.workerCount();
        List<WorkerStats> perWorker = new ArrayList<>();
        int busy = 0;
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            if (slot.id < workers || slot.runningJob() != null || slot.queued() > 0) {
                WorkerStats snapshot = slot.snapshot(now, stuckAfterNanos);
                perWorker.add(snapshot);
                if (snapshot.currentKey() != null) {
                    busy++;
                }
            }
        }
        long completed = accounting.completedCount();
        long failed = accounting.failedCount();
        long discarded = accounting.discardedCount();
        return new FactoryStats(name, state, paused, workers, busy, placement.queueDepth(), queueLimit,
                accounting.submittedCount(), completed, failed, discarded, accounting.discardedByReason(),
                accounting.retryCount(), abandonedRunsAlive.get(), List.copyOf(perWorker));
    }

    @Override
    public WorkerStats worker(int workerId) {
        if (workerId < 0 || workerId >= settings.maxWorkers()) {
            throw new IllegalArgumentException("workerId must be between 0 and " + (settings.maxWorkers() - 1)
                    + ", was " + workerId);
        }
        return placement.slots().get(workerId).snapshot(System.nanoTime(), stuckAfterNanos);
    }

    @Override
    public String toString() {
        return "Factory[" + name + ", " + state + ", workers=" + placement.workerCount() + "]";
    }

    /**
     * Settings of a new factory. Every setting has a default except the worker builder. Not thread-safe; use
     * from one thread, then {@link #build()}.
     *
     * @param <K> the key type
     * @param <M> the message type
     * @param <R> the result type
     */
    public static final class Builder<K, M, R> {
        private final String name;
        private @Nullable WorkerBuilder<K, M, R> workerBuilder;
        private int initialWorkers = Runtime.getRuntime().availableProcessors();
        private int maxWorkers = -1;
        private RoutingMode routing = RoutingMode.KEY_PERSISTENT;
        private @Nullable CustomHashFunction<? super K> customHash;
        private QueueKind queueKind = QueueKind.fifo();
        private @Nullable PriorityFunction<? super K, ? super M> priorityFunction;
        private int discardLimit = Integer.MAX_VALUE;
        private DiscardMode discardMode = DiscardMode.OLDEST;
        private @Nullable DiscardLimitController discardLimitController;
        private Duration discardLimitPollInterval = Duration.ofSeconds(5);
        private @Nullable Duration defaultJobTtl;
        private @Nullable DeadMansSwitch deadMansSwitch;
        private Duration pingInterval = Duration.ofSeconds(5);
        private @Nullable CapacityController capacityController;
        private Duration capacityPollInterval = Duration.ofSeconds(10);
        private @Nullable RateLimiter rateLimiter;
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private Backoff crashBackoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(10));
        private FactoryLifecycleHooks lifecycleHooks = new FactoryLifecycleHooks() {
        };
        private @Nullable FactoryStatsListener statsListener;
        private @Nullable DiscardHandler<? super K, ? super M> discardHandler;
        private WorkerThreads workerThreads = WorkerThreads.PLATFORM;
        private @Nullable ThreadFactory threadFactory;
        private @Nullable JobInterceptor jobInterceptor;

        private Builder(String name) {
            this.name = name;
        }

        /** Makes a fresh worker per worker id, and again after each crash or kill. Required. */
        public Builder<K, M, R> workerBuilder(WorkerBuilder<K, M, R> workerBuilder) {
            this.workerBuilder = Arguments.notNull(workerBuilder, "workerBuilder");
            return this;
        }

        /** Initial worker count (default: the number of cores); also the maximum unless {@link #maxWorkers} is set. */
        public Builder<K, M, R> workers(int workers) {
            this.initialWorkers = Arguments.atLeast(workers, 1, "workers");
            return this;
        }

        /** The most workers a resize may reach (default: the initial count). */
        public Builder<K, M, R> maxWorkers(int maxWorkers) {
            this.maxWorkers = Arguments.atLeast(maxWorkers, 1, "maxWorkers");
            return this;
        }

        /** How jobs are routed (default key-persistent). */
        public Builder<K, M, R> routing(RoutingMode routing) {
            this.routing = Arguments.notNull(routing, "routing");
            return this;
        }

        /** Custom-hash routing with the given function. */
        public Builder<K, M, R> customHash(CustomHashFunction<? super K> customHash) {
            this.customHash = Arguments.notNull(customHash, "customHash");
            this.routing = RoutingMode.CUSTOM_HASH;
            return this;
        }

        /** The queue kind (default FIFO). */
        public Builder<K, M, R> queue(QueueKind queueKind) {
            this.queueKind = Arguments.notNull(queueKind, "queueKind");
            return this;
        }

        /** Priority for jobs submitted without one (default: level 0). */
        public Builder<K, M, R> priorityFunction(PriorityFunction<? super K, ? super M> priorityFunction) {
            this.priorityFunction = Arguments.notNull(priorityFunction, "priorityFunction");
            return this;
        }

        /**
         * Load shedding: at most {@code limit} queued jobs (per worker queue under worker-queued routing, for the
         * factory queue under queuer routing); {@code mode} picks what to drop. Default: unlimited.
         */
        public Builder<K, M, R> discardLimit(int limit, DiscardMode mode) {
            this.discardLimit = Arguments.atLeast(limit, 1, "limit");
            this.discardMode = Arguments.notNull(mode, "mode");
            return this;
        }

        /** A dynamic limit, recomputed every {@code pollInterval} from the current one and the factory's stats. */
        public Builder<K, M, R> discardLimitController(DiscardLimitController controller, Duration pollInterval) {
            this.discardLimitController = Arguments.notNull(controller, "controller");
            this.discardLimitPollInterval = Arguments.positive(pollInterval, "pollInterval");
            return this;
        }

        /** Time-to-live in queue for jobs submitted without one (default: none). */
        public Builder<K, M, R> defaultJobTtl(Duration ttl) {
            this.defaultJobTtl = Arguments.positive(ttl, "ttl");
            return this;
        }

        /** Detect (and optionally kill) stuck workers (default: off). */
        public Builder<K, M, R> deadMansSwitch(DeadMansSwitch deadMansSwitch) {
            this.deadMansSwitch = Arguments.notNull(deadMansSwitch, "deadMansSwitch");
            return this;
        }

        /** How often workers are pinged and gauges reported (default 5 s). */
        public Builder<K, M, R> pingInterval(Duration pingInterval) {
            this.pingInterval = Arguments.positive(pingInterval, "pingInterval");
            return this;
        }

        /** A controller deciding the worker count, polled every {@code pollInterval}. */
        public Builder<K, M, R> capacityController(CapacityController controller, Duration pollInterval) {
            this.capacityController = Arguments.notNull(controller, "controller");
            this.capacityPollInterval = Arguments.positive(pollInterval, "pollInterval");
            return this;
        }

        /** A token bucket in front of routing (default: none). */
        public Builder<K, M, R> rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Arguments.notNull(rateLimiter, "rateLimiter");
            return this;
        }

        /** Retry policy for jobs submitted without one (default: no retry). */
        public Builder<K, M, R> retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Arguments.notNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * Damping of a worker builder that keeps failing: the pause before a worker whose instance could not be
         * built n times in a row tries again (default: exponential from 10 ms to 10 s). A job that crashed its worker
         * does not pause the worker: a fresh instance takes the next job at once, and the crashed job waits out its
         * own retry backoff (see {@link RetryPolicy}).
         */
        public Builder<K, M, R> crashBackoff(Backoff crashBackoff) {
            this.crashBackoff = Arguments.notNull(crashBackoff, "crashBackoff");
            return this;
        }

        /** Lifecycle hooks (default: none). */
        public Builder<K, M, R> lifecycleHooks(FactoryLifecycleHooks hooks) {
            this.lifecycleHooks = Arguments.notNull(hooks, "hooks");
            return this;
        }

        /**
         * Adds a statistics listener (default: none). Several may be added (metrics, logging, your own); each
         * receives every callback, in the order they were added.
         */
        public Builder<K, M, R> statsListener(FactoryStatsListener listener) {
            Arguments.notNull(listener, "listener");
            this.statsListener = statsListener == null ? listener
                    : dev.actorfactory.factory.stats.CompositeStatsListener.of(statsListener, listener);
            return this;
        }

        /** A handler for discarded jobs (default: none; discards are still counted and logged at debug). */
        public Builder<K, M, R> discardHandler(DiscardHandler<? super K, ? super M> handler) {
            this.discardHandler = Arguments.notNull(handler, "handler");
            return this;
        }

        /** Platform (default) or virtual threads for the workers. */
        public Builder<K, M, R> workerThreads(WorkerThreads workerThreads) {
            this.workerThreads = Arguments.notNull(workerThreads, "workerThreads");
            return this;
        }

        /**
         * Makes the worker threads (one per worker, plus a replacement for each worker killed by the dead man's
         * switch) instead of the factory's own named daemon threads; overrides {@link #workerThreads}.
         */
        public Builder<K, M, R> threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Arguments.notNull(threadFactory, "threadFactory");
            return this;
        }

        /** Carries context (tracing, MDC) from submitters to workers and wraps each run (default: none). */
        public Builder<K, M, R> jobInterceptor(JobInterceptor jobInterceptor) {
            this.jobInterceptor = Arguments.notNull(jobInterceptor, "jobInterceptor");
            return this;
        }

        /**
         * Validates the settings and creates the factory (not started).
         *
         * @throws IllegalStateException naming the setting if the combination is invalid
         */
        public Factory<K, M, R> build() {
            if (workerBuilder == null) {
                throw new IllegalStateException("Factory '" + name + "': workerBuilder is required");
            }
            int max = maxWorkers < 0 ? initialWorkers : maxWorkers;
            if (max < initialWorkers) {
                throw new IllegalArgumentException("Factory '" + name + "': maxWorkers (" + max
                        + ") must be at least workers (" + initialWorkers + ")");
            }
            if (routing == RoutingMode.CUSTOM_HASH && customHash == null) {
                throw new IllegalStateException("Factory '" + name + "': CUSTOM_HASH routing needs a customHash");
            }
            return new Factory<>(new FactorySettings<>(name, workerBuilder, initialWorkers, max, routing, customHash,
                    queueKind, priorityFunction, discardLimit, discardMode, discardLimitController,
                    discardLimitPollInterval, defaultJobTtl, deadMansSwitch, pingInterval, capacityController,
                    capacityPollInterval, rateLimiter, retryPolicy, crashBackoff, lifecycleHooks, statsListener,
                    discardHandler, workerThreads, threadFactory, jobInterceptor));
        }
    }
}
