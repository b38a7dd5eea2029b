package dev.actorfactory.factory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.discard.DiscardLimitController;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.internal.Arguments;

/**
 * A factory's periodic work on its one scheduler thread: pings and gauges, time-to-live sweeps, the dead man's
 * switch (detecting stuck workers, abandoning their runs, and lifting the key fences of killed attempts that
 * outlive their grace), and the capacity and discard-limit controllers. Also the scheduler for one-off tasks
 * (retry backoffs, the drain timeout).
 *
 * <p>Threads: periodic tasks run on the scheduler thread, one at a time; {@link #schedule}, {@link #abandonRun}
 * and {@link #abandonedRunLeft} may be called from any thread. No lock is held while listeners or controllers run.
 */
final class Housekeeping<K, M, R> {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final Factory<K, M, R> factory;
    private final FactorySettings<K, M, R> settings;
    private final String name;
    private final GuardedStatsListener listeners;
    private final ScheduledExecutorService scheduler;
    private final List<ScheduledFuture<?>> periodic = new CopyOnWriteArrayList<>();
    /** The dead man's switch's periodic check, if scheduled; replaced when the switch changes at run time. */
    private volatile @org.jspecify.annotations.Nullable ScheduledFuture<?> deadMansSwitchTask;
    /** The kill grace of the last switch in force (fences of earlier kills are lifted by it after a switch-off). */
    private volatile long killGraceNanos;
    private volatile boolean started;
    /** Runs abandoned while inside the worker whose thread has not left the worker yet. */
    private final AtomicInteger abandonedRunsAlive = new AtomicInteger();

    Housekeeping(Factory<K, M, R> factory, GuardedStatsListener listeners) {
        this.factory = factory;
        this.settings = factory.settings();
        this.name = factory.name();
        this.listeners = listeners;
        DeadMansSwitch deadMansSwitch = settings.deadMansSwitch();
        this.killGraceNanos = deadMansSwitch == null ? 0 : Arguments.saturatedNanos(deadMansSwitch.grace());
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "factory-" + name + "-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // a stopped factory's one-off tasks (a drain timeout, a backoff) have nothing left to do: dropping them at
        // shutdown ends the thread at once, instead of keeping it (and the factory) alive until they are due
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = timer;
    }

    /** How long a run may take before its worker counts as stuck (0: no dead man's switch); the switch in force. */
    long stuckAfterNanos() {
        return factory.live().stuckAfterNanos();
    }

    /** Killed runs still inside their worker. */
    int abandonedRunsAlive() {
        return abandonedRunsAlive.get();
    }

    // ------------------------------------------------------------------ scheduling

    /** Starts the periodic tasks (the factory started). */
    void start() {
        long ping = Arguments.saturatedNanos(settings.pingInterval());
        schedule(this::pingAndReport, ping, ping);
        synchronized (this) { // (a change of the switch at run time may race with the start)
            started = true;
            scheduleDeadMansSwitch(factory.live().deadMansSwitch());
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

    /**
     * The dead man's switch changed at run time (under the factory's settings lock): its check is scheduled again
     * at the new switch's period, from now. A switched-off switch keeps its check running at the old period while
     * fences of earlier kills wait for their grace (it then finds nothing to detect). Any thread.
     */
    synchronized void deadMansSwitchChanged(@org.jspecify.annotations.Nullable DeadMansSwitch previous,
            @org.jspecify.annotations.Nullable DeadMansSwitch next) {
        if (next != null) {
            killGraceNanos = Arguments.saturatedNanos(next.grace());
        }
        if (!started || next == null) {
            return; // (switched off: detectStuckWorkers reads the switch in force and only lifts overdue fences)
        }
        ScheduledFuture<?> old = deadMansSwitchTask;
        if (old != null) {
            old.cancel(false);
            periodic.remove(old);
        }
        scheduleDeadMansSwitch(next);
    }

    private void scheduleDeadMansSwitch(@org.jspecify.annotations.Nullable DeadMansSwitch deadMansSwitch) {
        if (deadMansSwitch == null) {
            return;
        }
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5),
                Arguments.saturatedNanos(deadMansSwitch.timeout()) / 4);
        deadMansSwitchTask = schedule(this::detectStuckWorkers, period, period);
    }

    /** Cancels the periodic tasks and ends the scheduler thread (the factory stopped). */
    void shutdown() {
        for (ScheduledFuture<?> task : periodic) {
            task.cancel(false);
        }
        scheduler.shutdown();
    }

    /** Runs {@code task} once after {@code delayNanos}; {@code false} if the factory has stopped. Any thread. */
    boolean schedule(Runnable task, long delayNanos) {
        return scheduleCancellable(task, delayNanos) != null;
    }

    /**
     * Runs {@code task} once after {@code delayNanos}, cancellably; {@code null} if the factory has stopped. Any
     * thread.
     */
    java.util.concurrent.@org.jspecify.annotations.Nullable ScheduledFuture<?> scheduleCancellable(Runnable task,
            long delayNanos) {
        try {
            return scheduler.schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            log.debug("Factory '{}': task not scheduled, the factory is stopped", name);
            return null;
        }
    }

    /** Runs {@code task} every {@code periodNanos} until {@link #shutdown}; returns it ({@code null}: stopped). */
    @org.jspecify.annotations.Nullable ScheduledFuture<?> schedule(Runnable task, long delayNanos, long periodNanos) {
        try {
            ScheduledFuture<?> scheduled = scheduler.scheduleAtFixedRate(guarded(task), delayNanos, periodNanos,
                    TimeUnit.NANOSECONDS);
            periodic.add(scheduled);
            return scheduled;
        } catch (RejectedExecutionException stopped) {
            log.debug("Factory '{}': periodic task not scheduled, the factory is stopped", name);
            return null;
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

    // ------------------------------------------------------------------ pings, gauges, time-to-live

    private void pingAndReport() {
        if (factory.state() != FactoryState.RUNNING) {
            return;
        }
        Placement<K, M, R> placement = factory.placement();
        long now = System.nanoTime();
        int workers = placement.workerCount();
        for (int id = 0; id < workers; id++) {
            WorkerSlot<K, M, R> slot = placement.slots().get(id);
            slot.requestPing(now);
            placement.wake(slot);
        }
        for (JobRecord<K, M, R> expired : placement.removeExpired(now)) {
            factory.outcomes().discard(expired, DiscardReason.TTL_EXPIRED); // (a withdrawn call's tombstone: a no-op)
        }
        listeners.onGauges(name, placement.queueDepth(), factory.activeWorkers(), workers, factory.queueLimit());
    }

    // ------------------------------------------------------------------ the dead man's switch

    private void detectStuckWorkers() {
        LiveSettings live = factory.live(); // the switch in force: it may change at run time
        DeadMansSwitch deadMansSwitch = live.deadMansSwitch();
        if (factory.state() == FactoryState.STOPPED) {
            return;
        }
        long now = System.nanoTime();
        long stuckAfterNanos = live.stuckAfterNanos();
        for (WorkerSlot<K, M, R> slot : deadMansSwitch == null ? List.<WorkerSlot<K, M, R>>of()
                : factory.placement().slots()) {
            WorkerSlot.OpenRun<K, M, R> open = slot.openRun();
            if (open == null || open.busySince() == 0 || now - open.busySince() <= stuckAfterNanos) {
                continue;
            }
            JobRecord<K, M, R> job = open.job();
            long busy = now - open.busySince();
            if (slot.markReportedStuck(open.runId())) {
                log.warn("Factory '{}': worker {} is stuck on job {} (key {}) for {} ms (dead man's switch {}){}",
                        name, slot.id, job.id, factory.outcomes().reports().show(job.key),
                        TimeUnit.NANOSECONDS.toMillis(busy), deadMansSwitch.timeout(),
                        deadMansSwitch.kill() ? "; killing and replacing it" : "");
                listeners.onWorkerStuck(name, slot.id, job.key, busy);
            }
            if (deadMansSwitch.kill() && abandonRun(slot, open) != RunState.IDLE) {
                factory.outcomes().killed(slot, job, new WorkerKilledException("Worker " + slot.id + " of factory '"
                        + name + "' was killed by the dead man's switch after " + TimeUnit.NANOSECONDS.toMillis(busy)
                        + " ms on job " + job.id + " (key " + factory.outcomes().reports().show(job.key) + ")"));
                slot.replaceRunner(); // a fresh thread and worker instance take over the queue at once
            }
        }
        for (KeyFences.Overdue overdue : factory.fences().liftOverdue(now, killGraceNanos)) {
            log.warn("Factory '{}': the killed attempt {} of key {} is still inside its worker after {} ms (grace {});"
                    + " the key's next job starts now, so two of its jobs may overlap while that thread runs",
                    name, overdue.abandonedRun().attempt, factory.outcomes().reports().show(overdue.key()),
                    TimeUnit.NANOSECONDS.toMillis(overdue.aliveNanos()), java.time.Duration.ofNanos(killGraceNanos));
            listeners.onKillGraceExceeded(name, overdue.key(), overdue.aliveNanos());
            factory.placement().resumeAll();
        }
    }

    /**
     * Takes an open run away from its runner (dead man's switch, drain timeout). Under key-ordered routing the
     * run's key is fenced first, so that if the run turns out to be inside the worker, no later job of the key
     * starts until it has left (see {@link #abandonedRunLeft}) or its grace has run out.
     *
     * @return the phase the run was abandoned in, or {@link RunState#IDLE} if its runner finished it first
     */
    int abandonRun(WorkerSlot<K, M, R> slot, WorkerSlot.OpenRun<K, M, R> open) {
        boolean keyed = settings.routing().isKeyOrdered();
        JobRecord<K, M, R> job = open.job();
        if (keyed) {
            factory.fences().fenceAbandonedRun(job, System.nanoTime());
        }
        abandonedRunsAlive.incrementAndGet(); // before the CAS: the runner's "left" always comes after it
        int phase = slot.abandon(open.runId());
        if (phase != RunState.RUNNING) { // the worker was never called for it, or the run finished first
            abandonedRunsAlive.decrementAndGet();
            if (keyed && factory.fences().liftAbandonedRun(job)) {
                factory.placement().resumeAll();
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
        log.debug("Factory '{}': the killed attempt {} of job {} left worker {}", name, job.attempt, job.id, slot.id);
        if (settings.routing().isKeyOrdered() && factory.fences().liftAbandonedRun(job)) {
            factory.placement().resumeAll();
        }
    }

    // ------------------------------------------------------------------ controllers

    private void pollCapacityController() {
        if (factory.state() != FactoryState.RUNNING) {
            return;
        }
        int desired = settings.capacityController().desiredWorkers(factory.stats());
        int clamped = Math.max(1, Math.min(settings.maxWorkers(), desired));
        if (clamped != factory.workerCount()) {
            factory.resize(clamped);
        }
    }

    private void pollDiscardLimitController() {
        DiscardLimitController controller = settings.discardLimitController();
        int next = controller.computeLimit(factory.queueLimit(), factory.stats());
        factory.setQueueLimit(Math.max(1, next));
    }
}
