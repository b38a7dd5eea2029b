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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.factory.clock.FactoryClock;
import dev.actorfactory.factory.discard.DiscardHandler;
import dev.actorfactory.factory.discard.DiscardLimitController;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.failure.FailureHandler;
import dev.actorfactory.factory.failure.FailureRecord;
import dev.actorfactory.factory.failure.KeyDisclosure;
import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.lifecycle.DelayedJobsAtDrain;
import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.queue.PriorityFunction;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.routing.CustomHashFunction;
import dev.actorfactory.factory.routing.KeyBuckets;
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

// Why this file is long (~1,250 lines): about 300 are the public Builder, nested so that Factory.builder() and
// Factory.Builder read as one API, and most of the rest is the public FactoryRef surface with its contracts (the
// submission variants: dispatch, call with and without a timeout, delayed, prepared, cancel). The engine's other
// roles have their own classes: admission here is one path (admit, admitDelayed); every job ends in JobOutcomes;
// failures are told by FailureReports; delayed and prepared jobs wait in DelayedJobs (HeldJob); pings, the dead
// man's switch and the controllers are Housekeeping; queues and shedding are the placements; the routing decisions
// are in the routing package; runs are WorkerSlot and RunState.

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
    /** The statistics listeners, never null, exceptions logged. */
    private final GuardedStatsListener listeners;
    /** Where every job ends: the accounting contract, retries and failures. */
    private final JobOutcomes<K, M, R> outcomes;
    /** Pings, time-to-live sweeps, the dead man's switch, controllers; the scheduler. */
    private final Housekeeping<K, M, R> housekeeping;
    private final ThreadFactory threadFactory;
    private final KeyBuckets buckets;
    /**
     * {@link FactorySettings#timed()}, read on the submit path and by runners; turned on (never off) when a dead
     * man's switch is switched on at run time, which needs to know how long workers have been busy.
     */
    volatile boolean timed;
    /** The settings an operator may change at run time ({@link #updateSettings}): one immutable snapshot. */
    private volatile LiveSettings live;
    /** Serialises changes of the live settings and of the queue limit (operator and discard-limit controller). */
    private final Object settingsLock = new Object();

    private final Object lifecycleLock = new Object();
    private final Object resizeLock = new Object();
    private final Object capacityMonitor = new Object();
    private final AtomicInteger waiters = new AtomicInteger();
    /** Each slot's worker context, by slot id (kept here, off the slots' cache lines). */
    private final SlotContext<K, M, R>[] contexts;
    /** Jobs accepted for later, until they come due. */
    private final DelayedJobs<K, M, R> delayed;
    /** Keys whose next job must wait (key-ordered routing): a killed attempt still in the worker, a retry backoff. */
    private final KeyFences fences = new KeyFences();

    private volatile FactoryState state = FactoryState.NEW;
    private volatile int queueLimit;
    /** Whether submitters queue under a lock (see {@link #isLimited()}); turned on when a limit is set at run time. */
    private volatile boolean limited;
    private volatile boolean forced;
    private volatile boolean paused;
    private @Nullable CompletableFuture<FactoryStats> drainFuture;
    /**
     * The drain future of a stopped factory while jobs taken out of a queue by a runner as it closed are still being
     * discarded (see {@link #finishStop}); completed by the last of them.
     */
    private volatile @Nullable CompletableFuture<FactoryStats> stopAwaitingStragglers;
    /**
     * How long a stop waits for such jobs before it completes anyway (a thread may hold a job in user code that
     * blocks): short, so that a drain stays within its timeout plus this, inside the smallest margin the Spring
     * drain lifecycle leaves before the end of its phase (250 ms).
     */
    private static final long STRAGGLER_PATIENCE_MILLIS = 250;

    private Factory(FactorySettings<K, M, R> settings) {
        this.settings = settings;
        this.name = settings.name();
        this.queueLimit = settings.discardLimit();
        this.limited = settings.discardLimit() != Integer.MAX_VALUE || settings.discardLimitController() != null;
        this.timed = settings.timed();
        this.live = LiveSettings.of(settings.discardMode(), settings.rateLimiter(), settings.defaultJobTtl(),
                settings.deadMansSwitch());
        this.buckets = new KeyBuckets(settings.maxWorkers());
        this.listeners = new GuardedStatsListener(name, settings.statsListener());
        this.outcomes = new JobOutcomes<>(this, listeners);
        this.housekeeping = new Housekeeping<>(this, listeners);
        this.delayed = new DelayedJobs<>(this, settings.clock());
        @SuppressWarnings("unchecked")
        SlotContext<K, M, R>[] perSlot = new SlotContext[settings.maxWorkers()];
        for (int id = 0; id < perSlot.length; id++) {
            perSlot[id] = new SlotContext<>(id, this);
        }
        this.contexts = perSlot;
        this.threadFactory = settings.threadFactory() != null ? settings.threadFactory() : newThreadFactory(settings);
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

    /** The dispatcher the workers take turns on ({@link WorkerThreads#SHARED}), else {@code null}. */
    @Nullable Dispatcher workerDispatcher() {
        if (settings.workerThreads() != WorkerThreads.SHARED) {
            return null;
        }
        return settings.dispatcher() != null ? settings.dispatcher() : SharedWorkerDispatcher.get();
    }

    /** Starts building a factory named {@code name}. */
    public static <K, M, R> Builder<K, M, R> builder(String name) {
        return new Builder<>(Arguments.notBlank(name, "name"));
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
            // a factory built with 0 workers routes to worker 0, which holds its jobs until it grows (see resize)
            int routed = Math.max(1, settings.initialWorkers());
            placement.start(routed);
            if (settings.initialWorkers() == 0) {
                placement.hold(true);
            }
            for (int id = 0; id < routed; id++) {
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
        housekeeping.start();
        delayed.start();
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
        return newWorkerInstance(placement.slots().get(id));
    }

    /**
     * A new worker instance for {@code slot}: built by the worker builder, then started with the slot's
     * {@link dev.actorfactory.factory.worker.WorkerContext} ({@link Worker#onStart}). Any thread.
     *
     * @throws Exception whatever the builder or {@code onStart} threw (an instance whose start failed is dropped)
     */
    Worker<K, M, R> newWorkerInstance(WorkerSlot<K, M, R> slot) throws Exception {
        Worker<K, M, R> worker = settings.workerBuilder().build(slot.id);
        if (worker == null) {
            throw new IllegalStateException("the worker builder returned null for worker " + slot.id);
        }
        worker.onStart(contexts[slot.id]);
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
        try {
            beginDrain(timeout);
        } catch (RuntimeException | Error unexpected) {
            // the drain future must complete and every job must end: stop at once (queued jobs are discarded with
            // reason shutdown, running ones fail), then report the failure to the caller
            log.error("Factory '{}': draining failed; stopping at once", name, unexpected);
            forceStop();
            throw unexpected;
        }
        return future;
    }

    private void beginDrain(Duration timeout) {
        if (settings.delayedJobsAtDrain() == DelayedJobsAtDrain.DISCARD) {
            discardDelayed();
        }
        resume(); // a drain finishes queued work: a paused factory must run it
        log.debug("Factory '{}' draining (timeout {})", name, timeout);
        try {
            settings.lifecycleHooks().onDraining(name);
        } catch (RuntimeException | Error error) { // user code: whatever it throws, the drain must go on
            log.warn("Factory '{}': on-draining hook failed", name, error);
        }
        if (timeout.isZero()) {
            forceStop();
        } else {
            housekeeping.schedule(this::forceStop, Arguments.saturatedNanos(timeout));
            housekeeping.schedule(this::checkDrained, TimeUnit.MILLISECONDS.toNanos(10),
                    TimeUnit.MILLISECONDS.toNanos(10));
            checkDrained();
        }
    }

    /** Called after every job ends. */
    void jobEnded() {
        FactoryState current = state;
        if (current == FactoryState.DRAINING) {
            checkDrained();
        } else if (current == FactoryState.STOPPED) {
            CompletableFuture<FactoryStats> pending = stopAwaitingStragglers;
            if (pending != null && outcomes.allEnded()) {
                pending.complete(stats());
            }
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
        if (placement.workerCount() == 0) {
            discardUnrunnable();
        }
        if (outcomes.allEnded()) {
            finishStop();
        }
    }

    /**
     * A drain at 0 workers: no worker will take the queued jobs (the factory cannot grow while it drains), so they
     * are discarded with reason shutdown now rather than at the drain's timeout; jobs already running finish. Called
     * at each drain check, so jobs that reach a queue later (a retry, a delayed job coming due, a bucket moved off a
     * retiring worker) end the same way.
     */
    private void discardUnrunnable() {
        List<JobRecord<K, M, R>> stranded = placement.removeQueued(job -> true);
        for (JobRecord<K, M, R> job : stranded) {
            outcomes.discard(job, DiscardReason.SHUTDOWN); // (a withdrawn call's tombstone: a no-op)
        }
        if (!stranded.isEmpty()) {
            log.info("Factory '{}' drains with 0 workers: {} queued jobs discarded (shutdown)", name,
                    stranded.size());
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
            outcomes.discard(job, DiscardReason.SHUTDOWN);
        }
        outcomes.discardDelayedRetries();
        discardDelayed();
        int abandoned = 0;
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            WorkerSlot.OpenRun<K, M, R> open = slot.openRun();
            if (open != null && housekeeping.abandonRun(slot, open) != RunState.IDLE) {
                // a job its runner had taken is in flight, whether or not the worker was called: it fails; a run
                // abandoned before it started never calls the worker (see RunState)
                JobRecord<K, M, R> job = open.job();
                placement.unbind(slot, job);
                abandoned++;
                outcomes.fail(job, new FactoryStoppedException("Factory '" + name
                        + "' stopped while the job was in flight (drain timeout); its worker was interrupted"));
            }
        }
        if (!queued.isEmpty() || abandoned > 0) {
            log.warn("Factory '{}' drain timed out: {} queued jobs discarded (shutdown), {} running jobs failed",
                    name, queued.size(), abandoned);
        }
        finishStop();
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
            outcomes.discard(straggler, DiscardReason.SHUTDOWN);
        }
        outcomes.discardDelayedRetries();
        discardDelayed();
        stopWorkers();
        try {
            settings.lifecycleHooks().onStopped(name);
        } catch (RuntimeException | Error error) { // user code: the stop must complete its future regardless
            log.warn("Factory '{}': on-stopped hook failed", name, error);
        }
        shutdownThreads();
        for (SlotContext<K, M, R> context : contexts) {
            context.detach(); // workers kept after the stop must not keep the factory reachable
        }
        if (future == null) {
            return;
        }
        // A forced stop discards what it can reach, but a runner may hold jobs it took out of its inbox just as the
        // queues closed: it discards them (shutdown) as soon as it runs again. The drain completes once every job
        // has ended, so its statistics account for all of them: the last of them completes it (see jobEnded) —
        // or, if a thread holds a job in user code that blocks, after a short patience.
        stopAwaitingStragglers = future;
        if (outcomes.allEnded()) {
            future.complete(stats());
        } else {
            CompletableFuture.delayedExecutor(STRAGGLER_PATIENCE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
                if (!future.isDone()) {
                    FactoryStats stats = stats();
                    log.warn("Factory '{}' stopped with {} jobs not ended yet: a thread still holds them (a listener, "
                            + "handler or interceptor that blocks, or a runner not scheduled for {} ms); each ends "
                            + "when that thread goes on", name, stats.outstanding(), STRAGGLER_PATIENCE_MILLIS);
                    future.complete(stats);
                }
            });
        }
        future.thenAccept(stats -> log.debug("Factory '{}' stopped: {}", name, stats));
    }

    /** Discards the delayed jobs that are not due yet (shutdown), and takes no more. */
    private void discardDelayed() {
        for (JobRecord<K, M, R> job : delayed.removeAll(true)) {
            outcomes.discard(job, DiscardReason.SHUTDOWN);
        }
    }

    /** Retires every slot: each runner stops its worker instance on its own thread, then ends. */
    private void stopWorkers() {
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            slot.stop();
        }
    }

    private void shutdownThreads() {
        housekeeping.shutdown();
    }

    // ------------------------------------------------------------------ submitting

    @Override
    public String name() {
        return name;
    }

    @Override
    public DispatchResult dispatch(K key, M message, JobOptions options) {
        JobRecord<K, M, R> job = newJob(key, message, options, null);
        return new DispatchResult(job.id, admitNow(job));
    }

    @Override
    public JobFuture<R> call(K key, M message, JobOptions options) {
        JobFuture<R> reply = new JobFuture<>(this);
        JobRecord<K, M, R> job = newJob(key, message, options, reply);
        reply.bind(job);
        admitNow(job);
        return reply;
    }

    @Override
    public JobFuture<R> call(K key, M message, JobOptions options, Duration timeout) {
        Arguments.positive(timeout, "timeout");
        JobFuture<R> reply = new JobFuture<>(this);
        JobRecord<K, M, R> job = newJob(key, message, options, reply);
        reply.bind(job);
        admitNow(job);
        if (!reply.isDone()) {
            ScheduledFuture<?> timer = housekeeping.scheduleCancellable(() -> timedOut(job, timeout),
                    Arguments.saturatedNanos(timeout));
            if (timer != null) {
                reply.timer(timer);
            }
        }
        return reply;
    }

    /**
     * A call's timeout passed: the job is withdrawn if no worker has taken it (discarded as cancelled, never runs);
     * otherwise only its future fails, and the job is counted once when it ends. Either way the future fails with a
     * {@link TimeoutException}. Scheduler thread.
     */
    private void timedOut(JobRecord<K, M, R> job, Duration timeout) {
        JobFuture<R> reply = job.reply;
        if (reply == null || reply.isDone()) {
            return;
        }
        if (withdrawOpen(job, new TimeoutException("call " + job.id + " to factory '" + name + "' timed out after "
                + timeout + " before a worker took it; the job was withdrawn"))) {
            return;
        }
        reply.completeExceptionally(new TimeoutException("call " + job.id + " to factory '" + name
                + "' timed out after " + timeout + " while its job was running (or waiting for a retry); the job "
                + "goes on and is counted when it ends"));
    }

    @Override
    public DispatchResult dispatchAfter(K key, M message, JobOptions options, Duration delay) {
        Arguments.notNegative(delay, "delay");
        JobRecord<K, M, R> job = newJob(key, message, options, null);
        long due = delayed.now() + Arguments.saturatedNanos(delay);
        return new DispatchResult(job.id, delay.isZero() ? admitNow(job) : admitDelayed(job, due, false));
    }

    @Override
    public DispatchResult dispatchAt(K key, M message, JobOptions options, java.time.Instant at) {
        Arguments.notNull(at, "at");
        Duration delay = Duration.between(settings.clock().instant(), at);
        return dispatchAfter(key, message, options, delay.isNegative() ? Duration.ZERO : delay);
    }

    @Override
    public PreparedJob prepare(K key, M message, JobOptions options) {
        JobRecord<K, M, R> job = newJob(key, message, options, null);
        DiscardReason refused = admitDelayed(job, 0, true);
        return new HeldJob<>(this, job, refused);
    }

    /** Admits a delayed job: counted now, rate-limited now, routed when due ({@link DelayedJobs}). */
    private @Nullable DiscardReason admitDelayed(JobRecord<K, M, R> job, long dueAt, boolean hold) {
        DiscardReason reason;
        RateLimiter limiter = live.rateLimiter(); // read once: an operator may remove it meanwhile
        if (state != FactoryState.RUNNING) {
            reason = DiscardReason.SHUTDOWN;
        } else if (limiter != null && !limiter.tryAcquire()) {
            reason = DiscardReason.RATE_LIMITED;
        } else {
            reason = (hold ? delayed.hold(job) : delayed.add(job, dueAt)) ? null : DiscardReason.SHUTDOWN;
        }
        if (reason != null) {
            outcomes.discard(job, reason);
        }
        return reason;
    }

    @Override
    public boolean cancel(long jobId) {
        return cancelQueued(jobId, null);
    }

    /**
     * Withdraws a call's job (its {@link JobFuture#cancel}): at once if no worker has taken it, else the attempt
     * that waits in a queue for a retry, if any.
     */
    boolean withdraw(JobRecord<?, ?, R> first, Throwable replyError) {
        @SuppressWarnings("unchecked")
        JobRecord<K, M, R> job = (JobRecord<K, M, R>) first;
        return withdrawOpen(job, replyError) || cancelQueued(job.id, replyError);
    }

    /**
     * Withdraws a call no worker has taken, wherever it waits: it ends now as discarded (cancelled) and stays where it
     * is as a tombstone, which runners drop and the next ping's sweep removes (so a burst of timeouts costs no queue
     * scans).
     */
    private boolean withdrawOpen(JobRecord<K, M, R> job, Throwable replyError) {
        JobFuture<R> reply = job.reply;
        if (reply == null || !reply.claimWithdrawn()) {
            return false;
        }
        outcomes.withdrawn(job, replyError);
        return true;
    }

    /** Removes job {@code jobId} from wherever it waits and ends it as cancelled; {@code false} if not found. */
    private boolean cancelQueued(long jobId, @Nullable Throwable replyError) {
        JobRecord<K, M, R> found = delayed.remove(jobId);
        if (found == null) {
            List<JobRecord<K, M, R>> removed = placement.removeQueued(job -> job.id == jobId);
            found = removed.isEmpty() ? outcomes.removeDelayedRetry(jobId) : removed.get(0);
        }
        if (found == null) {
            return false;
        }
        JobFuture<R> reply = found.reply;
        if (reply != null && !reply.isTaken() && !reply.claimWithdrawn()) {
            return false; // a tombstone: withdrawn (or ended) meanwhile, by someone else
        }
        outcomes.withdrawn(found, replyError != null ? replyError : new CancellationException("job " + jobId
                + " of factory '" + name + "' was cancelled before it ran"));
        return true;
    }

    @Override
    public DispatchResult dispatchWaiting(K key, M message, JobOptions options, Duration maxWait)
            throws InterruptedException {
        Arguments.notNegative(maxWait, "maxWait");
        JobRecord<K, M, R> job = newJob(key, message, options, null);
        return new DispatchResult(job.id, admit(job, Math.max(1, Arguments.saturatedNanos(maxWait))));
    }

    /** {@link #admit} without waiting (it cannot be interrupted then). */
    private @Nullable DiscardReason admitNow(JobRecord<K, M, R> job) {
        try {
            return admit(job, 0);
        } catch (InterruptedException impossible) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("a submission that never waits was interrupted", impossible);
        }
    }

    /**
     * The one way into the factory, for {@code dispatch}, {@code call} and {@code dispatchWaiting}, for a job
     * {@link #newJob} counted as submitted: either queues it or ends it at once as discarded with the reason (a stopped factory, the
     * rate limiter, load shedding). With {@code maxWaitNanos > 0} it first waits up to that long for a rate-limiter
     * token and for queue room, and sheds only when the time is up.
     *
     * @return {@code null} if the job was queued, else why it was discarded
     */
    private @Nullable DiscardReason admit(JobRecord<K, M, R> job, long maxWaitNanos) throws InterruptedException {
        long deadline = maxWaitNanos == 0 ? 0 : System.nanoTime() + maxWaitNanos;
        DiscardReason reason;
        if (state != FactoryState.RUNNING) {
            reason = DiscardReason.SHUTDOWN;
        } else if (!acquireToken(deadline)) {
            reason = DiscardReason.RATE_LIMITED;
        } else if (maxWaitNanos == 0) {
            reason = placement.offer(job, true);
        } else {
            reason = offerWaiting(job, deadline);
        }
        if (reason != null) {
            outcomes.discard(job, reason);
        }
        return reason;
    }

    /** Takes a rate-limiter token, waiting for one until {@code deadline} (0: no wait); true if none is needed. */
    private boolean acquireToken(long deadline) throws InterruptedException {
        RateLimiter limiter = live.rateLimiter(); // (replaced at run time as a whole: one read)
        if (limiter == null) {
            return true;
        }
        if (deadline == 0) {
            return limiter.tryAcquire();
        }
        long wait;
        while ((wait = limiter.nanosUntilToken()) > 0 || !limiter.tryAcquire()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(1, Math.min(wait, left)));
        }
        return true;
    }

    /** Offers without shedding while there is time, waiting for room; sheds as a plain dispatch when out of time. */
    private @Nullable DiscardReason offerWaiting(JobRecord<K, M, R> job, long deadline) throws InterruptedException {
        if (state != FactoryState.RUNNING) {
            return DiscardReason.SHUTDOWN; // stopped while waiting for a token
        }
        DiscardReason reason = placement.offer(job, false);
        while (reason == DiscardReason.LOAD_SHED) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return placement.offer(job, true); // out of patience: shed as a plain dispatch would
            }
            awaitCapacity(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            reason = placement.offer(job, false);
        }
        return reason;
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

    private void requireStarted() {
        FactoryState current = state;
        if (current == FactoryState.NEW || current == FactoryState.STARTING || current == FactoryState.FAILED) {
            throw new IllegalStateException("Factory '" + name + "' is " + current + "; call start() first");
        }
    }

    /**
     * Validates a submission and makes its job, counted as submitted (its id is its place in that count). From here
     * on the job must end: {@link #admit} queues it or discards it.
     */
    private JobRecord<K, M, R> newJob(K key, M message, JobOptions options, @Nullable JobFuture<R> reply) {
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
        long ttl = options.ttl() != null ? Arguments.saturatedNanos(options.ttl()) : live.defaultTtlNanos();
        RetryPolicy retry = options.retry() != null ? options.retry() : settings.retryPolicy();
        int bucket = settings.routing() == RoutingMode.KEY_PERSISTENT ? bucketOf(key) : 0;
        long acceptedAt = timed || ttl > 0 ? System.nanoTime() : 0; // a clock read only where one is needed
        requireStarted();
        JobRecord<K, M, R> job = new JobRecord<>(outcomes.submitted(), key, message, options, priority, bucket,
                acceptedAt, ttl, retry, reply);
        JobInterceptor interceptor = settings.jobInterceptor();
        if (interceptor != null) {
            try {
                job.captured = interceptor.capture(job);
            } catch (RuntimeException | Error error) {
                outcomes.fail(job, error); // counted as submitted: it ends here, and the submitter sees why
                throw error;
            }
        }
        return job;
    }

    @SuppressWarnings("unchecked")
    private int priorityOf(K key, M message) {
        return ((PriorityFunction<K, M>) settings.priorityFunction()).priorityOf(key, message);
    }

    /** The key's bucket under key-persistent routing (see {@link KeyBuckets}). */
    int bucketOf(K key) {
        return buckets.bucketOf(key);
    }

    // ------------------------------------------------------------------ called by slots

    /** A runner died of an unexpected error (a bug): start a fresh one so the slot's queue keeps moving. */
    void runnerDied(WorkerSlot<K, M, R> slot, int epoch) {
        if (slot.claimRestart(epoch) && state != FactoryState.STOPPED) {
            slot.startRunner();
        }
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

    JobOutcomes<K, M, R> outcomes() {
        return outcomes;
    }

    Housekeeping<K, M, R> housekeeping() {
        return housekeeping;
    }

    /** Whether the factory is stopping for good: a timed-out drain, or stopped (no more retries). */
    boolean isStopping() {
        return forced || state == FactoryState.STOPPED;
    }

    int queueLimit() {
        return queueLimit;
    }

    /** The settings an operator may change at run time, as they are now (one volatile read). */
    LiveSettings live() {
        return live;
    }

    /** The discard mode in force (read when a queue sheds). */
    DiscardMode discardMode() {
        return live.discardMode();
    }

    /**
     * Sets the queue limit: the one way it changes after the start, for the discard-limit controller and for
     * {@link #updateSettings}. A limit below the current queue depth sheds the surplus at once (see
     * {@link #changeSettings}). Any thread.
     */
    void setQueueLimit(int limit) {
        changeSettings(limit, null);
    }

    /**
     * Whether the factory sheds load (a queue limit or a limit controller): submitters then queue under a lock so
     * that shedding sees the exact queue; otherwise they push into lock-free inboxes. Changes when a limit is set or
     * removed at run time: a locked offer first drains the inbox it finds, so jobs pushed before keep their place.
     */
    boolean isLimited() {
        return limited;
    }

    Object resizeLock() {
        return resizeLock;
    }

    /** Keys whose jobs must wait for now (read by placements when they pick a slot's next job). */
    KeyFences fences() {
        return fences;
    }

    /** Delayed and prepared jobs, until they come due or are released. */
    DelayedJobs<K, M, R> delayedJobs() {
        return delayed;
    }

    // ------------------------------------------------------------------ operating and observing

    @Override
    public Map<String, Object> updateSettings(SettingsChange change) {
        Arguments.notNull(change, "change");
        synchronized (lifecycleLock) { // (a drain that starts right after this check finds the change applied)
            if (state != FactoryState.RUNNING) {
                throw new IllegalStateException("Factory '" + name + "' cannot change its settings: it is " + state);
            }
        }
        changeSettings(change.changesDiscardLimit() ? change.discardLimit() : null, change);
        return settingsInEffect();
    }

    /**
     * Applies a new queue limit and/or a settings change, as one step under {@link #settingsLock}: publishes the
     * new snapshot (submitters see it at their next read), then sheds what the new limit leaves over, then logs
     * what changed. Everything was validated before: nothing here can fail half-way.
     *
     * @param limit  the new queue limit ({@link Integer#MAX_VALUE}: none), or {@code null} to keep it
     * @param change the other settings to change, or {@code null}
     */
    private void changeSettings(@Nullable Integer limit, @Nullable SettingsChange change) {
        List<JobRecord<K, M, R>> shed;
        String changed;
        synchronized (settingsLock) {
            int previousLimit = queueLimit;
            LiveSettings previous = live;
            LiveSettings next = change == null ? previous : previous.with(change);
            int nextLimit = limit == null ? previousLimit : limit;
            if (next.deadMansSwitch() != null) {
                timed = true; // before the switch: runs starting from now record how long they are busy
            }
            if (nextLimit != Integer.MAX_VALUE) {
                limited = true; // before the limit: submitters queue under the lock, where the limit is exact
            }
            live = next;
            queueLimit = nextLimit;
            if (nextLimit == Integer.MAX_VALUE && settings.discardLimitController() == null) {
                limited = false; // lock-free again (jobs already queued are older than any pushed from now on)
            }
            if (next.deadMansSwitch() != previous.deadMansSwitch()) {
                housekeeping.deadMansSwitchChanged(previous.deadMansSwitch(), next.deadMansSwitch());
            }
            changed = describeChange(previousLimit, previous, nextLimit, next, change != null);
            // last: from here every job taken out of a queue is discarded below, whatever happens
            shed = nextLimit < previousLimit ? placement.shedOverLimit() : List.of();
        }
        for (JobRecord<K, M, R> job : shed) {
            outcomes.discard(job, DiscardReason.LOAD_SHED); // (a withdrawn call's tombstone: a no-op)
        }
        if (!changed.isEmpty()) {
            String lowered = shed.isEmpty() ? "" : "; " + shed.size() + " queued jobs over the new limit shed";
            if (change != null) {
                log.info("Factory '{}' settings changed: {}{}", name, changed, lowered);
            } else {
                log.debug("Factory '{}' discard-limit controller: {}{}", name, changed, lowered);
            }
        }
    }

    /** "what from → to" for each setting that changed, comma-separated ({@code ""} if nothing changed). */
    private String describeChange(int previousLimit, LiveSettings previous, int nextLimit, LiveSettings next,
            boolean byOperator) {
        Map<String, Object> before = settings.describe(0, previousLimit, previous);
        Map<String, Object> after = settings.describe(0, nextLimit, next);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> entry : after.entrySet()) {
            Object was = before.get(entry.getKey());
            if (!java.util.Objects.equals(was, entry.getValue())) {
                out.append(out.length() == 0 ? "" : ", ").append(entry.getKey()).append(' ').append(was)
                        .append(" \u2192 ").append(entry.getValue());
            }
        }
        if (byOperator && previous.rateLimiter() != null && previous.rateLimiter() != next.rateLimiter()
                && out.indexOf("rate-limit ") < 0) {
            out.append(out.length() == 0 ? "" : ", ").append("rate-limit replaced by a new (full) bucket");
        }
        return out.toString();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sized to 0, the factory keeps routing as if it had one worker, to worker 0, whose runner holds the jobs
     * (and has stopped its worker instance) until the factory grows: so queue limits, time-to-live, cancels, the
     * discard handler and per-key order work as with one worker, and growing moves the held jobs as a grow from one
     * worker does. The instance of worker 0 is built again by its runner before its next job (a builder failure then
     * takes the crash backoff instead of failing the {@code resize} call).
     */
    @Override
    public void resize(int workers) {
        if (workers < 0 || workers > settings.maxWorkers()) {
            throw new IllegalArgumentException("workers must be between 0 and " + settings.maxWorkers()
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
            if (workers == 0) {
                placement.hold(true); // first: worker 0 starts nothing new while the others retire
                placement.resize(1);
            } else if (previous == 0) {
                buildGrownWorkers(1, workers); // (worker 0's runner rebuilds its own instance)
                placement.hold(false);
                placement.resize(workers);
            } else {
                buildGrownWorkers(previous, workers);
                placement.resize(workers);
            }
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
        FactoryState current = state;
        // a stopped (or failed) factory has no workers, whatever count it last ran with
        return current == FactoryState.STOPPED || current == FactoryState.FAILED ? 0 : placement.workerCount();
    }

    @Override
    public FactoryState state() {
        return state;
    }

    @Override
    public List<FailureRecord> recentFailures() {
        return outcomes.reports().recent();
    }

    @Override
    public Map<String, Object> settingsInEffect() {
        return settings.describe(workerCount(), queueLimit, live);
    }

    @Override
    public FactoryStats stats() {
        long now = System.nanoTime();
        int workers = workerCount();
        FactoryState current = state;
        boolean stopped = current == FactoryState.STOPPED || current == FactoryState.FAILED;
        int listed = stopped ? placement.workerCount() : workers; // a stopped one keeps its last workers' record
        List<WorkerStats> perWorker = new ArrayList<>();
        int busy = 0;
        for (WorkerSlot<K, M, R> slot : placement.slots()) {
            if (slot.id < listed || (!stopped && (slot.runningJob() != null || slot.queued() > 0))) {
                WorkerStats snapshot = slot.snapshot(now, housekeeping.stuckAfterNanos(), stopped);
                perWorker.add(snapshot);
                if (snapshot.currentKey() != null) {
                    busy++;
                }
            }
        }
        long completed = outcomes.completedCount();
        long failed = outcomes.failedCount();
        long discarded = outcomes.discardedCount();
        return new FactoryStats(name, state, paused, workers, busy, placement.queueDepth(), delayed.size(), queueLimit,
                outcomes.submittedCount(), completed, failed, discarded, outcomes.discardedByReason(),
                outcomes.retryCount(), housekeeping.abandonedRunsAlive(), List.copyOf(perWorker));
    }

    @Override
    public WorkerStats worker(int workerId) {
        if (workerId < 0 || workerId >= settings.maxWorkers()) {
            throw new IllegalArgumentException("workerId must be between 0 and " + (settings.maxWorkers() - 1)
                    + ", was " + workerId);
        }
        FactoryState current = state;
        return placement.slots().get(workerId).snapshot(System.nanoTime(), housekeeping.stuckAfterNanos(),
                current == FactoryState.STOPPED || current == FactoryState.FAILED);
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
        private @Nullable Dispatcher dispatcher;
        private @Nullable JobInterceptor jobInterceptor;
        private boolean recordTimings;
        private @Nullable FailureHandler<? super K, ? super M> failureHandler;
        private KeyDisclosure keyDisclosure = KeyDisclosure.PLAIN;
        private int recentFailures = 20;
        private int failureLogRate = 10;
        private FactoryClock clock = FactoryClock.system();
        private DelayedJobsAtDrain delayedJobsAtDrain = DelayedJobsAtDrain.DISCARD;

        private Builder(String name) {
            this.name = name;
        }

        /** Makes a fresh worker per worker id, and again after each crash or kill. Required. */
        public Builder<K, M, R> workerBuilder(WorkerBuilder<K, M, R> workerBuilder) {
            this.workerBuilder = Arguments.notNull(workerBuilder, "workerBuilder");
            return this;
        }

        /**
         * Initial worker count (default: the number of cores); also the maximum unless {@link #maxWorkers} is set
         * (at least 1). With 0 the factory starts without workers: jobs queue until it is
         * {@link FactoryRef#resize resized} up (see there).
         */
        public Builder<K, M, R> workers(int workers) {
            this.initialWorkers = Arguments.atLeast(workers, 0, "workers");
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

        /**
         * A handler for jobs that failed for good, after their last attempt (default: none; failures are still
         * counted, logged and kept in the ring of {@link #recentFailures recent failures}).
         */
        public Builder<K, M, R> failureHandler(FailureHandler<? super K, ? super M> handler) {
            this.failureHandler = Arguments.notNull(handler, "handler");
            return this;
        }

        /**
         * How many recent failures the factory keeps for {@link FactoryRef#recentFailures()} (default 20; 0 keeps
         * none).
         */
        public Builder<K, M, R> recentFailures(int capacity) {
            this.recentFailures = Arguments.atLeast(capacity, 0, "capacity");
            return this;
        }

        /**
         * How keys appear in failure records and in the factory's warnings (default {@link KeyDisclosure#PLAIN});
         * hash or hide them where keys may be personal data.
         */
        public Builder<K, M, R> keyDisclosure(KeyDisclosure keyDisclosure) {
            this.keyDisclosure = Arguments.notNull(keyDisclosure, "keyDisclosure");
            return this;
        }

        /**
         * At most how many WARN lines a minute the factory writes about failed and crashing jobs (default 10, with
         * bursts of as many; a line after suppressed ones says how many were not logged; 0: none, failures are
         * then at DEBUG only). A failed job's line carries its stack trace.
         */
        public Builder<K, M, R> failureLogRate(int linesPerMinute) {
            this.failureLogRate = Arguments.atLeast(linesPerMinute, 0, "linesPerMinute");
            return this;
        }

        /**
         * The clock delayed jobs come due by (default: the system's); a {@link dev.actorfactory.factory.clock.ManualClock}
         * makes them come due when a test advances it. (Time-to-live, the dead man's switch and backoffs keep the
         * system clock.)
         */
        public Builder<K, M, R> clock(FactoryClock clock) {
            this.clock = Arguments.notNull(clock, "clock");
            return this;
        }

        /** What a drain does with delayed jobs that are not due yet (default: discard them). */
        public Builder<K, M, R> delayedJobsAtDrain(DelayedJobsAtDrain policy) {
            this.delayedJobsAtDrain = Arguments.notNull(policy, "policy");
            return this;
        }

        /** Platform (default), virtual or shared threads for the workers (see {@link WorkerThreads}). */
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

        /**
         * Runs the workers as actors on {@code dispatcher} (for example an {@code ActorSystem}'s) instead of the
         * library's shared one: implies {@link WorkerThreads#SHARED}. The factory never closes it, and it must
         * outlive the factory (close it after the drain).
         */
        public Builder<K, M, R> dispatcher(Dispatcher dispatcher) {
            this.dispatcher = Arguments.notNull(dispatcher, "dispatcher");
            this.workerThreads = WorkerThreads.SHARED;
            return this;
        }

        /** Carries context (tracing, MDC) from submitters to workers and wraps each run (default: none). */
        public Builder<K, M, R> jobInterceptor(JobInterceptor jobInterceptor) {
            this.jobInterceptor = Arguments.notNull(jobInterceptor, "jobInterceptor");
            return this;
        }

        /**
         * Whether every job records when it was accepted, routed, started and finished (its
         * {@link dev.actorfactory.factory.job.Job} timestamps) and busy workers report how long they have been
         * busy. Default: only when something reads them — a {@link #statsListener}, a {@link #deadMansSwitch}, a
         * {@link #jobInterceptor} (a job-TTL records the acceptance time of the jobs that have one); otherwise the
         * timestamps are 0 and a job costs no clock read. Turn it on when workers read the timestamps themselves.
         */
        public Builder<K, M, R> recordTimings(boolean recordTimings) {
            this.recordTimings = recordTimings;
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
            int max = maxWorkers < 0 ? Math.max(1, initialWorkers) : maxWorkers;
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
                    discardHandler, workerThreads, threadFactory, dispatcher, jobInterceptor, recordTimings,
                    failureHandler, keyDisclosure, recentFailures, failureLogRate, clock, delayedJobsAtDrain));
        }
    }
}
