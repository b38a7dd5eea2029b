package dev.actorfactory.factory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.actor.dispatch.Dispatchable;
import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.queue.JobQueue;
import dev.actorfactory.factory.stats.WorkerState;
import dev.actorfactory.factory.stats.WorkerStats;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.internal.MpscLinkedQueue;
import dev.actorfactory.internal.StripedCounter;

// Why this file is long (~700 lines): the slot is the sole writer of its state. Its run loop, the intent methods
// the placements call under its lock (the wake-up rule among them), abandonment and its statistics live together so
// that every write to a field of the slot is in this file and can be checked against the concurrency design below,
// as ActorCell keeps its mailbox, state and run loop together.

/**
 * One worker of a factory: a single-threaded run loop (an actor) on a thread of its own, hosting the user's
 * {@link Worker} instance, with its own queue (worker-queued routing) or a private queue of key-bound jobs
 * (sticky-queuer).
 *
 * <h2>Concurrency design</h2>
 * <ul>
 *   <li>{@link #lock} (the slot itself, or the factory's shared lock for factory-queued routing) guards the
 *       queue, {@link #active}, {@link #pausedUntil}, {@link #scheduled}, {@link #runnerAlive} and
 *       {@link #deferredMoves}. No user code ever runs under it.</li>
 *   <li><b>One runner thread per slot.</b> It takes jobs while {@link #scheduled} is set; when its queue is empty
 *       it lingers a few microseconds, then clears {@code scheduled} under the lock and parks. A submitter that
 *       finds {@code scheduled} clear sets it (under the lock) and unparks the runner: no job waits without a
 *       runner awake to take it.</li>
 *   <li><b>The {@link RunState} word owns the job's outcome.</b> Taking a job opens a run with a fresh,
 *       never-reused id (TAKEN). The runner calls the worker only after winning TAKEN → RUNNING, as the last step
 *       before {@link Worker#handle} (inside the job interceptor, if any), and owns the outcome only if it then
 *       wins RUNNING → IDLE. The dead man's switch and a timed-out drain {@link #abandon abandon} a run with one
 *       CAS to IDLE; the loser of each race learns it from its failed CAS. So a run abandoned before it started
 *       never reaches user code, an attempt starts at most once, and a runner that was abandoned leaves without
 *       touching the job or the slot; the killer starts a fresh runner thread (next {@link #epoch}, fresh worker
 *       instance) that takes over the queue at once, so a stuck thread never starves the factory.</li>
 * </ul>
 */
final class WorkerSlot<K, M, R> extends WorkerSlotPadding<K, M, R> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerSlot.class);
    /** Yields before an idle runner parks (yielding, not spinning: on few cores a spinner starves submitters). */
    private static final int LINGER_YIELDS = 20;
    private static final VarHandle CURRENT_JOB;
    private static final VarHandle QUEUED;
    private static final VarHandle PROCESSED;
    private static final VarHandle BUSY_SINCE;
    private static final VarHandle SCHEDULED;
    private static final VarHandle IDLE;
    private static final VarHandle INTERRUPT_DELIVERED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT_JOB = lookup.findVarHandle(WorkerSlotRunnerFields.class, "currentJob", JobRecord.class);
            QUEUED = lookup.findVarHandle(WorkerSlotRunnerFields.class, "queued", int.class);
            PROCESSED = lookup.findVarHandle(WorkerSlotRunnerFields.class, "processed", long.class);
            BUSY_SINCE = lookup.findVarHandle(WorkerSlotRunnerFields.class, "busySince", long.class);
            SCHEDULED = lookup.findVarHandle(WorkerSlot.class, "scheduled", boolean.class);
            IDLE = lookup.findVarHandle(WorkerSlot.class, "idle", boolean.class);
            INTERRUPT_DELIVERED = lookup.findVarHandle(WorkerSlot.class, "interruptDelivered", long.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    final int id;
    final Factory<K, M, R> factory;
    final Object lock;
    final JobQueue<JobRecord<K, M, R>> queue;
    /** Jobs pushed lock-free by submitters (worker-queued routing without a queue limit). */
    final MpscLinkedQueue<JobRecord<K, M, R>> inbox = new MpscLinkedQueue<>();
    /** Jobs pushed into {@link #inbox} so far (for queue-depth statistics). */
    final StripedCounter pushed = new StripedCounter();


    // guarded by lock, written only by this class (scheduled and pausedUntil are also read, racily, by the parked
    // runner and by lock-free submitters)
    private volatile boolean scheduled;
    private volatile long pausedUntil;
    private boolean active;
    private boolean runnerAlive;
    /** Parked and waiting for shared work (factory-queued routing): claimable by a submitter. */
    private volatile boolean idle;
    private @Nullable Map<Integer, WorkerSlot<K, M, R>> deferredMoves;

    // runner-owned
    private @Nullable Worker<K, M, R> worker;
    private int workerEpoch = -1;
    /** Failed attempts to build a worker instance in a row (damped by the factory's crash backoff). */
    int consecutiveBuildFailures;

    /** The dispatcher the runner takes turns on ({@code WorkerThreads.SHARED}); {@code null}: a thread of its own. */
    private final @Nullable Dispatcher dispatcher;
    /** One turn of the runner on {@link #dispatcher}; {@code null} with a thread of its own. */
    private final @Nullable Turn turn;

    // published to other threads
    volatile int epoch;
    /** The thread running the runner (its own, or the dispatcher thread of the current turn). */
    private volatile @Nullable Thread thread;
    /** The last run whose abandoner has delivered its interrupt (see {@link #abandon}). */
    private volatile long interruptDelivered;
    /** Who owns the current job's outcome: see {@link RunState}. */
    final RunState run = new RunState();
    volatile long restarts;
    /** The run last reported stuck (so it is reported once). */
    volatile long reportedStuckRun;
    volatile long pingRequestedAt;
    volatile long lastPingLatency = -1;

    WorkerSlot(int id, Factory<K, M, R> factory, @Nullable Object sharedLock, JobQueue<JobRecord<K, M, R>> queue) {
        this.id = id;
        this.factory = factory;
        this.lock = sharedLock == null ? this : sharedLock;
        this.queue = queue;
        this.dispatcher = factory.workerDispatcher();
        this.turn = dispatcher == null ? null : new Turn();
    }

    // ------------------------------------------------------------------ called under the lock by placements

    // The wake-up rule, in one place: whoever makes work available to a slot under its lock calls scheduleLocked()
    // (or scheduleNowLocked()) and, if it returns true, signal() after releasing the lock; the runner clears the
    // flag only under the lock and only after finding no work (parkLocked()). So no job waits without an awake
    // runner, and a runner is unparked at most once per parking. Lock-free submitters use wakeFromInbox() and
    // scheduleNow(), whose CAS plays the same role.

    /**
     * Marks the runner awake unless it already is or is backing off (a backing-off runner wakes by itself when its
     * pause ends). Under {@link #lock}.
     *
     * @return whether the caller must {@link #signal()} the runner after releasing the lock
     */
    boolean scheduleLocked() {
        return pausedUntil == 0 && scheduleNow();
    }

    /** Like {@link #scheduleLocked()}, even while backing off (retiring, stopping, resuming). Under {@link #lock}. */
    boolean scheduleNowLocked() {
        return scheduleNow();
    }

    /**
     * Sets {@code scheduled} if it was clear, by CAS, so that of everyone who wakes a parked runner — under the
     * lock or lock-free — exactly one wins and signals it: with shared threads a signal starts a turn, and two
     * turns must never run at once. Any thread.
     */
    boolean scheduleNow() {
        return !scheduled && SCHEDULED.compareAndSet(this, false, true);
    }

    /** The runner found no work and will park until scheduled again. Runner thread, under {@link #lock}. */
    void parkLocked() {
        scheduled = false;
    }

    /**
     * The runner found work after it had cleared its flag (a racing push) and tries to stay awake. Runner, under
     * lock.
     *
     * @return {@code false} if a waker set the flag first: it signals the runner, which must park (a thread of its
     *         own returns from parking at once; a turn ends, and the waker's turn takes over)
     */
    boolean stayAwakeLocked() {
        return scheduleNow();
    }

    /**
     * A retired runner with nothing left ends. The flag stays set while no runner is alive, so no waker signals a
     * runner that does not exist; activation starts a new one. Runner thread, under {@link #lock}.
     */
    void exitLocked() {
        runnerAlive = false;
    }

    /**
     * Whether the runner is backing off (a builder backoff) right now; a pause that is over is cleared. Under
     * {@link #lock}.
     */
    boolean backingOffLocked() {
        if (pausedUntil == 0) {
            return false;
        }
        if (System.nanoTime() - pausedUntil < 0) {
            return true;
        }
        pausedUntil = 0;
        return false;
    }

    /** Whether this slot is active (not retired by a shrink or a stop). Under {@link #lock}. */
    boolean isActiveLocked() {
        return active;
    }

    /**
     * Activates this slot (start, grow) and marks its runner awake. Under {@link #lock}.
     *
     * @return whether a runner thread must be started for it (none is alive from before)
     */
    boolean activateLocked() {
        active = true;
        if (runnerAlive) {
            return false;
        }
        runnerAlive = true;
        scheduled = true; // (already set since the last runner exited; a new runner owns it now)
        return true;
    }

    /** Retires this slot (shrink): its runner finishes what it holds, stops the worker instance, and ends. */
    void retireLocked() {
        active = false;
    }

    /**
     * The runner is back for its next take: whatever it took before has ended. Under {@link #lock}.
     *
     * @return whether it held a job
     */
    boolean releaseHoldLocked() {
        boolean held = holdsJob;
        holdsJob = false;
        heldBucket = -1;
        return held;
    }

    /** Whether the runner holds a job it took (a free slot's next job does not count against the limit). */
    boolean holdsJobLocked() {
        return holdsJob;
    }

    /** Whether the runner holds a job of {@code bucket} (key-persistent moves). Under {@link #lock}. */
    boolean holdsBucketLocked(int bucket) {
        return heldBucket == bucket;
    }

    /**
     * Marks the slot parked and idle (factory-queued routing), claimable through {@link #tryTakeIdle()}. Under
     * {@link #lock}, after {@link #parkLocked()}.
     *
     * @return whether it was not idle before
     */
    boolean markIdleLocked() {
        if (!active || idle) {
            return false;
        }
        idle = true;
        return true;
    }

    /** Wakes this slot after a factory resume or a lifted fence, if its runner is alive. Under {@link #lock}. */
    boolean resumeLocked() {
        return (active || runnerAlive) && scheduleNowLocked();
    }

    /** The runner ended a job bound to this slot (sticky-queuer): unbound at its next take. Runner thread. */
    void noteEnded(JobRecord<K, M, R> job) {
        endedJob = job;
    }

    /** The job noted by {@link #noteEnded}, cleared; {@code null} if none. Runner thread, under {@link #lock}. */
    @Nullable JobRecord<K, M, R> takeEndedLocked() {
        JobRecord<K, M, R> ended = endedJob;
        endedJob = null;
        return ended;
    }

    /** Whether bucket moves wait for this slot's runner. Under {@link #lock}. */
    boolean hasDeferredMovesLocked() {
        return deferredMoves != null && !deferredMoves.isEmpty();
    }

    /** Forgets and returns the deferred bucket moves ({@code null} if none). Under {@link #lock}. */
    @Nullable Map<Integer, WorkerSlot<K, M, R>> takeDeferredMovesLocked() {
        Map<Integer, WorkerSlot<K, M, R>> moves = deferredMoves;
        deferredMoves = null;
        return moves;
    }

    /** Hands {@code job} to this slot's runner: opens a run for it (TAKEN). Runner thread, under {@link #lock}. */
    void startJob(JobRecord<K, M, R> job) {
        CURRENT_JOB.setRelease(this, job);
        holdsJob = true;
        heldBucket = job.bucket;
        job.runId = run.take(); // the record of this attempt carries its run: a replaced runner never takes it again
    }

    /** Pauses the runner for at least {@code delayNanos} more (a backoff). Under {@link #lock}. */
    void pauseLocked(long delayNanos) {
        pausedUntil = Math.max(pausedUntil, System.nanoTime() + delayNanos);
    }

    /** Mirrors the queue's size for lock-free readers. Under {@link #lock}. */
    void updateQueued() {
        QUEUED.setOpaque(this, queue.size());
    }

    /** Takes the idle token (factory-queued routing): only the winner may wake this idle slot. Any thread. */
    boolean tryTakeIdle() {
        return idle && IDLE.compareAndSet(this, true, false);
    }

    /**
     * Lock-free wake-up by a submitter that pushed into the inbox: claims the idle runner and unparks it. A paused
     * runner is left alone: it wakes by itself when its pause ends.
     */
    void wakeFromInbox() {
        if (pausedUntil == 0 && !factory.isPaused() && scheduleNow()) {
            signal();
        }
    }

    // ------------------------------------------------------------------ lock-free reads

    int queued() {
        return (int) QUEUED.getOpaque(this);
    }

    /** Jobs waiting for this slot: its queue plus its inbox (approximate while submitters are busy). */
    int depth() {
        long inboxDepth;
        synchronized (lock) {
            inboxDepth = pushed.sum() - drained;
        }
        return queued() + (int) Math.max(0, inboxDepth);
    }

    long processed() {
        return (long) PROCESSED.getOpaque(this);
    }

    /** The job of the open run (taken or running); {@code null} when idle. Any thread. */
    @Nullable JobRecord<K, M, R> runningJob() {
        OpenRun<K, M, R> open = openRun();
        return open == null ? null : open.job();
    }

    /**
     * A consistent snapshot of the open run: its id, phase, job and since when the runner has been handling it (0
     * while it builds the worker instance); {@code null} when idle. Any thread.
     */
    @Nullable OpenRun<K, M, R> openRun() {
        while (true) {
            long word = run.word();
            if (word == 0L) {
                return null;
            }
            long since = (long) BUSY_SINCE.getAcquire(this);
            @SuppressWarnings("unchecked")
            JobRecord<K, M, R> job = (JobRecord<K, M, R>) CURRENT_JOB.getAcquire(this);
            long again = run.word();
            if (RunState.idOf(again) == RunState.idOf(word) && job != null) {
                return new OpenRun<>(RunState.idOf(word), RunState.phaseOf(again), job, since);
            }
            if (again == 0L) {
                return null;
            }
        }
    }

    /** A snapshot of a slot's open run (see {@link #openRun()}). */
    record OpenRun<K, M, R>(long runId, int phase, JobRecord<K, M, R> job, long busySince) {
    }

    // ------------------------------------------------------------------ waking

    /**
     * Wakes the parked runner; only the caller that set {@code scheduled} may call it, once. With shared threads
     * this starts the runner's next turn.
     */
    void signal() {
        if (turn != null) {
            dispatcher.dispatch(turn);
            return;
        }
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    /** Starts a fresh runner for this slot (at start, on activation, or replacing an abandoned one). */
    void startRunner() {
        if (turn != null) {
            dispatcher.dispatch(turn);
            return;
        }
        Thread runnerThread = factory.newWorkerThread(this);
        thread = runnerThread;
        runnerThread.start();
    }

    // ------------------------------------------------------------------ the run loop

    /** What one step of the run loop came to. */
    private enum Step {
        /** Go on: take again. */
        NEXT,
        /** The runner cleared its flag: park (its own thread) or end the turn (shared threads). */
        PARK,
        /** The runner must leave: retired for good, or abandoned (a fresh runner owns the slot). */
        LEAVE
    }

    /** The run loop of a runner with a thread of its own. */
    @Override
    public void run() {
        int myEpoch = epoch;
        Placement<K, M, R> placement = factory.placement();
        Placement.Hand<K, M, R> hand = new Placement.Hand<>(); // this runner's own: a replacement has another
        try {
            while (epoch == myEpoch) {
                Step step = step(myEpoch, placement, hand, true);
                if (step == Step.LEAVE) {
                    return;
                }
                if (step == Step.PARK) {
                    parkUntilScheduled(placement);
                }
            }
        } catch (Throwable unexpected) {
            log.error("Factory '{}': worker {} run loop failed unexpectedly; restarting it", factory.name(), id,
                    unexpected);
            factory.runnerDied(this, myEpoch);
        }
    }

    /**
     * One turn of a runner on shared threads: up to the dispatcher's throughput of steps, then it yields the thread
     * to other workers by dispatching itself again (still scheduled). A turn that parks or leaves touches nothing
     * of the slot afterwards: a waker may already have started the next turn.
     */
    private void runTurn() {
        int myEpoch = epoch;
        thread = Thread.currentThread();
        Placement<K, M, R> placement = factory.placement();
        Placement.Hand<K, M, R> hand = new Placement.Hand<>();
        try {
            for (int steps = dispatcher.throughput(); steps > 0; steps--) {
                if (epoch != myEpoch) {
                    return;
                }
                Step step = step(myEpoch, placement, hand, false);
                if (step == Step.LEAVE) {
                    return;
                }
                if (step == Step.PARK) {
                    wakeAfterPause(placement);
                    return;
                }
            }
        } catch (Throwable unexpected) {
            log.error("Factory '{}': worker {} turn failed unexpectedly; restarting it", factory.name(), id,
                    unexpected);
            factory.runnerDied(this, myEpoch);
            return;
        }
        dispatcher.dispatch(turn);
    }

    /** After a turn parked while backing off: a timer wakes the slot when the pause ends (shared threads). */
    private void wakeAfterPause(Placement<K, M, R> placement) {
        long pause = pausedUntil;
        if (pause == 0) {
            return;
        }
        long left = pause - System.nanoTime();
        if (left > 0 && factory.housekeeping().schedule(() -> wakeAfterPause(placement), left)) {
            return;
        }
        placement.wake(this);
    }

    /** One step: take the next job and run it, or learn that there is none. */
    private Step step(int myEpoch, Placement<K, M, R> placement, Placement.Hand<K, M, R> hand, boolean linger) {
        if (deferredMoves != null) {
            placement.runDeferredMoves(this);
        }
        answerPing();
        Take take = placement.take(this, !linger, hand);
        if (take == Take.NOTHING_YET && linger) {
            // linger briefly: a submitter is likely to add work soon, and finding it here is far cheaper than
            // being unparked
            placement.lingering(true);
            try {
                for (int spin = 0; spin < LINGER_YIELDS && !placement.hasWorkHint(this); spin++) {
                    Thread.yield();
                }
            } finally {
                placement.lingering(false);
            }
            take = placement.take(this, true, hand);
        }
        switch (take) {
            case NOTHING_YET:
                return Step.NEXT; // work arrived just as we were about to park
            case EXIT:
                return Step.LEAVE; // retired: no queue, no worker
            case RETIRE:
                stopWorker();
                return Step.NEXT;
            case PARK:
                return Step.PARK;
            default:
                JobRecord<K, M, R> job = hand.job;
                hand.job = null;
                return runJob(job, myEpoch) ? Step.NEXT : Step.LEAVE; // abandoned: a fresh runner owns the slot
        }
    }

    /** A turn of this slot's runner on the shared dispatcher. */
    private final class Turn extends Dispatchable {
        private static final long serialVersionUID = 1L;

        @Override
        public void run() {
            runTurn();
        }
    }

    private void parkUntilScheduled(Placement<K, M, R> placement) {
        while (!scheduled) {
            long pause = pausedUntil;
            if (pause != 0) {
                long left = pause - System.nanoTime();
                if (left <= 0) {
                    placement.wake(this);
                    if (!scheduled) {
                        LockSupport.parkNanos(this, 1_000_000);
                    }
                    continue;
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** Runs one job; returns {@code false} if it was taken away from this runner (the runner must leave). */
    private boolean runJob(JobRecord<K, M, R> job, int myEpoch) {
        long myRun = job.runId;
        Worker<K, M, R> current = worker;
        if (current == null || workerEpoch != myEpoch) {
            current = buildWorker(myEpoch);
            if (current == null) {
                if (!run.release(myRun)) {
                    swallowAbandonInterrupt(myRun);
                    return false; // abandoned while the worker was being built: the job is someone else's now
                }
                consecutiveBuildFailures++;
                factory.outcomes().workerBuildFailed(this, job, consecutiveBuildFailures);
                return true;
            }
        }
        consecutiveBuildFailures = 0;
        // whether jobs carry timestamps (Factory.timed, turned on by a dead man's switch set at run time): the
        // runner reads the clock only then
        boolean timed = factory.timed;
        long began = timed ? System.nanoTime() : 0;
        BUSY_SINCE.setRelease(this, began); // building, pings and settling never count as busy time
        if (job.routedAt == 0) {
            job.routedAt = began; // taken off a shared queue just now (queuer routing): no clock read under its lock
        }
        R result = null;
        Throwable error = null;
        try {
            JobInterceptor interceptor = factory.settings().jobInterceptor();
            Worker<K, M, R> handler = current;
            // without an interceptor the worker is entered right now: one clock read serves both timestamps
            result = interceptor == null ? enter(handler, job, myRun, began)
                    : interceptor.around(job, job.captured, () -> enter(handler, job, myRun, System.nanoTime()));
        } catch (Throwable thrown) {
            error = thrown;
        }
        boolean entered = job.entered;
        boolean owned = entered ? run.finish(myRun) : run.release(myRun);
        if (!owned) {
            if (entered) {
                factory.housekeeping().abandonedRunLeft(this, job); // killed while in the worker: it has left it now
            }
            swallowAbandonInterrupt(myRun);
            return false;
        }
        BUSY_SINCE.setRelease(this, 0L);
        long finished = timed ? System.nanoTime() : 0;
        if (!entered) {
            job.startedAt = finished; // the interceptor ended the attempt without calling the worker
        }
        job.finishedAt = finished;
        PROCESSED.setOpaque(this, processed + 1);
        if (error == null) {
            factory.outcomes().succeeded(this, job, result);
        } else {
            worker = null;
            restarts = restarts + 1;
            factory.outcomes().crashed(this, job, error);
        }
        return true;
    }

    /**
     * The one way into the worker: wins TAKEN → RUNNING first, so a run abandoned before this point never calls
     * user code, and an interceptor that calls its handling twice gets an exception the second time.
     */
    private @Nullable R enter(Worker<K, M, R> handler, JobRecord<K, M, R> job, long myRun, long now)
            throws Exception {
        if (job.entered || !run.start(myRun)) {
            throw job.entered ? new IllegalStateException("the job interceptor called the worker twice for " + job)
                    : new WorkerKilledException("Worker " + id + " of factory '" + factory.name()
                            + "' was abandoned before it started " + job);
        }
        job.entered = true;
        job.startedAt = now;
        return handler.handle(job);
    }

    /**
     * A runner that lost its run to an abandoner waits until the abandoner has delivered its interrupt (a few
     * instructions after its CAS), then clears it, so that no interrupt leaks into whatever this thread runs next
     * (another worker's turn, with shared threads).
     */
    private void swallowAbandonInterrupt(long myRun) {
        while (interruptDelivered < myRun) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
    }

    private @Nullable Worker<K, M, R> buildWorker(int myEpoch) {
        try {
            Worker<K, M, R> built = factory.newWorkerInstance(this);
            worker = built;
            workerEpoch = myEpoch;
            return built;
        } catch (Throwable error) {
            log.warn("Factory '{}': building worker {} failed; will retry after a backoff", factory.name(), id,
                    error);
            worker = null;
            return null;
        }
    }

    private void stopWorker() {
        Worker<K, M, R> retired = worker;
        worker = null;
        workerEpoch = -1;
        if (retired != null) {
            try {
                retired.onStop();
            } catch (Throwable error) {
                log.warn("Factory '{}': onStop of worker {} failed", factory.name(), id, error);
            }
        }
    }

    /** Whether a runner thread is alive for this slot (it may be retiring). Any thread. */
    boolean hasRunner() {
        synchronized (lock) {
            return runnerAlive;
        }
    }

    /** Installs a worker built eagerly (at factory start, or for a grow) before the slot's runner thread starts. */
    void installWorker(Worker<K, M, R> built) {
        worker = built;
        workerEpoch = epoch;
    }

    /** Whether the runner has a worker instance of its current epoch (read by the runner, or under the lock). */
    boolean hasLiveWorker() {
        return worker != null && workerEpoch == epoch;
    }

    private void answerPing() {
        long requested = pingRequestedAt;
        if (requested != 0) {
            long latency = System.nanoTime() - requested;
            pingRequestedAt = 0;
            lastPingLatency = latency;
            factory.workerPinged(id, latency);
        }
    }

    // ------------------------------------------------------------------ abandoning a stuck runner

    /**
     * Takes run {@code runId} away from this slot's runner, in whichever phase it is: interrupts that thread and
     * moves the slot to a new epoch. The caller then owns the job's outcome and must call {@link #replaceRunner()}
     * unless the factory is stopping. Any thread.
     *
     * @return the phase the run was abandoned in ({@link RunState#TAKEN}: the worker was never called;
     *         {@link RunState#RUNNING}: it may still be running on the old thread), or {@link RunState#IDLE} if the
     *         runner finished the run first (nothing changed)
     */
    int abandon(long runId) {
        int phase = run.abandon(runId);
        if (phase == RunState.IDLE) {
            return phase;
        }
        Thread stuck = thread;
        if (stuck != null) {
            stuck.interrupt(); // it can only be busy with the abandoned run: after losing its CAS it leaves
        }
        long delivered;
        while ((delivered = interruptDelivered) < runId && !INTERRUPT_DELIVERED.compareAndSet(this, delivered, runId)) {
            Thread.onSpinWait(); // (only ever raised: the runner waits for this before it clears its interrupt)
        }
        BUSY_SINCE.setRelease(this, 0L);
        synchronized (lock) {
            epoch = epoch + 1;
            scheduled = true;
        }
        restarts = restarts + 1;
        return phase;
    }

    /**
     * Moves to the next epoch after the runner of {@code epoch} died of an unexpected error, if no one did so
     * first; the caller then starts a fresh runner. Any thread.
     */
    boolean claimRestart(int deadEpoch) {
        synchronized (lock) {
            if (epoch != deadEpoch || !runnerAlive) {
                return false;
            }
            epoch = deadEpoch + 1;
            scheduled = true;
            return true;
        }
    }

    /** Retires this slot for good (the factory stops): its runner stops the worker instance, then ends. */
    void stop() {
        boolean wake;
        synchronized (lock) {
            active = false;
            wake = runnerAlive && scheduleNow();
        }
        if (wake) {
            signal();
        }
    }

    /** Asks the runner to answer a ping at its next take (unless one is pending). Scheduler thread. */
    void requestPing(long now) {
        if (pingRequestedAt == 0) {
            pingRequestedAt = now;
        }
    }

    /** Marks run {@code runId} as reported stuck; {@code false} if it already was. Scheduler thread. */
    boolean markReportedStuck(long runId) {
        if (reportedStuckRun == runId) {
            return false;
        }
        reportedStuckRun = runId;
        return true;
    }

    /** Starts a fresh runner after {@link #abandon}; it builds a fresh worker instance and takes the queue. */
    void replaceRunner() {
        startRunner();
    }

    // ------------------------------------------------------------------ statistics

    /** A snapshot of this worker; {@code factoryStopped}: its factory has stopped (state STOPPED, nothing busy). */
    WorkerStats snapshot(long now, long stuckAfterNanos, boolean factoryStopped) {
        if (factoryStopped) {
            long ping = lastPingLatency;
            return new WorkerStats(id, WorkerState.STOPPED, null, null, processed(), restarts, 0,
                    ping < 0 ? null : Duration.ofNanos(ping));
        }
        OpenRun<K, M, R> open = openRun();
        WorkerState state;
        Object key = null;
        Duration busyFor = null;
        if (open != null) {
            key = open.job().key;
            long busy = open.busySince() == 0 ? 0 : now - open.busySince();
            busyFor = open.busySince() == 0 ? null : Duration.ofNanos(busy); // unknown: no timings recorded
            state = stuckAfterNanos > 0 && busy > stuckAfterNanos ? WorkerState.STUCK : WorkerState.BUSY;
        } else {
            long pause = pausedUntil;
            state = pause != 0 && now - pause < 0 ? WorkerState.BACKING_OFF : WorkerState.IDLE;
        }
        boolean retiring;
        synchronized (lock) {
            retiring = !active;
        }
        if (retiring) {
            state = WorkerState.RETIRING;
        }
        long ping = lastPingLatency;
        return new WorkerStats(id, state, key, busyFor, processed(), restarts, depth(),
                ping < 0 ? null : Duration.ofNanos(ping));
    }

    /** Lazily creates the deferred-move map (under {@link #lock}). */
    Map<Integer, WorkerSlot<K, M, R>> deferredMovesForUpdate() {
        Map<Integer, WorkerSlot<K, M, R>> moves = deferredMoves;
        if (moves == null) {
            moves = new HashMap<>();
            deferredMoves = moves;
        }
        return moves;
    }

    @Override
    public String toString() {
        return "worker " + id + " of factory '" + factory.name() + "'";
    }
}
