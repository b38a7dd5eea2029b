package dev.actorfactory.factory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.queue.JobQueue;

/**
 * Where jobs wait and how workers get them: per-worker queues ({@link WorkerQueuePlacement}) or one factory queue
 * that idle workers pull from ({@link FactoryQueuePlacement}). A placement owns the routing decision, the queues,
 * load shedding, and what resizing does to queued jobs.
 *
 * <p>Threads: {@link #offer} is called by submitters; {@link #take}, {@link #retryInPlace} and
 * {@link #runDeferredMoves} by a slot's runner; the rest by the factory's management paths. Implementations guard
 * their state with locks under which no user code runs.
 */
abstract class Placement<K, M, R> {

    final Factory<K, M, R> factory;

    /**
     * Where a take hands its job to the runner: owned by one runner thread (a replacement runner has its own), so
     * a job handed to one runner can never be read by another.
     */
    static final class Hand<K, M, R> {
        @Nullable JobRecord<K, M, R> job;
    }

    Placement(Factory<K, M, R> factory) {
        this.factory = factory;
    }

    /**
     * Routes and queues a job (submitter thread).
     *
     * @param mayShed whether load shedding may drop a job to make room; if not, a full queue is reported as
     *                {@link DiscardReason#LOAD_SHED} and nothing changes (the caller waits and retries)
     * @return {@code null} if the job was queued, else why it was not (the caller discards it)
     */
    abstract @Nullable DiscardReason offer(JobRecord<K, M, R> job, boolean mayShed);

    /**
     * Hands the slot's runner its next job ({@link Take#JOB}, the job in {@code hand}, a run opened for it); or,
     * when there is none: {@link Take#NOTHING_YET} if {@code release} is false, {@link Take#RETIRE} /
     * {@link Take#EXIT} to a retired slot's runner, else clears the slot's {@code scheduled} flag and returns
     * {@link Take#PARK}. Discards expired jobs on the way. Runner thread.
     */
    abstract Take take(WorkerSlot<K, M, R> slot, boolean release, Hand<K, M, R> hand);

    /** Whether the slot may have work right now (a racy hint for lingering runners). */
    abstract boolean hasWorkHint(WorkerSlot<K, M, R> slot);

    /** A runner starts lingering for work (before parking); submitters may count on it instead of waking one. */
    void lingering(boolean started) {
    }

    /**
     * Puts a job back at the head of the slot's queue, keeping its place: a retry under key-ordered routing (its key
     * is fenced for the backoff by the factory), or a job whose worker instance could not be built, in which case
     * the slot waits out {@code delayNanos} (the crash backoff of a failing worker builder).
     *
     * @return {@code false} if the placement is closed (the caller must end the job)
     */
    abstract boolean retryInPlace(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, long delayNanos);

    /**
     * The next job of {@code queue} that may start now: its head, unless some keys are fenced (key-ordered routing:
     * a killed attempt still in its worker, a retry backoff), in which case the jobs of fenced keys keep their
     * places and the oldest job of another key is taken. Under the queue's lock.
     *
     * @param skipped the keys this take has skipped so far ({@code null} when no key was fenced as the take began):
     *                a key skipped once stays skipped for the rest of the take, even if its fence lifts meanwhile,
     *                so that a later job of the key can never overtake an earlier one that was passed over
     */
    final @Nullable JobRecord<K, M, R> pollStartable(JobQueue<JobRecord<K, M, R>> queue,
            @Nullable Set<Object> skipped) {
        if (skipped == null) {
            return queue.poll();
        }
        KeyFences fences = factory.fences();
        return queue.poll(job -> {
            if (skipped.contains(job.key)) {
                return false;
            }
            if (fences.blocks(job.key)) {
                skipped.add(job.key);
                return false;
            }
            return true;
        });
    }

    /** The skipped-keys set for one take (see {@link #pollStartable}); {@code null} while no key is fenced. */
    final @Nullable Set<Object> startTake() {
        return factory.fences().isEmpty() ? null : new HashSet<>();
    }

    /** A job bound to a slot ended (sticky-queuer bookkeeping); called by non-runner threads. */
    void unbind(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
    }

    /** A job bound to a slot ended on the slot's own runner; processed at its next {@link #take}. */
    void endedOnRunner(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
    }

    /**
     * The factory is sized to 0: slot 0 stays active for routing (the placement routes as with one worker) but its
     * runner holds its jobs: it stops its worker instance and takes nothing until {@link #hold hold(false)}. Written
     * under the factory's resize lock and the slot's lock; read by runners under their lock, racily by submitters.
     */
    volatile boolean held;

    /**
     * Holds (sized to 0) or releases worker 0 (see {@link #held}), and wakes it: to stop its worker instance, or to
     * take its jobs again. Serialised by the factory's resize lock.
     */
    abstract void hold(boolean hold);

    /** Whether {@code slot} is the held worker 0 of a factory sized to 0. Under the slot's lock. */
    final boolean isHeldLocked(WorkerSlot<K, M, R> slot) {
        return held && slot.id == 0;
    }

    /**
     * Removes, from each queue holding more than the queue limit now allows, the jobs load shedding would drop
     * (lowest priority level first, then by the discard mode), after a limit was lowered. Under each queue's lock;
     * the caller discards them ({@link DiscardReason#LOAD_SHED}).
     */
    abstract List<JobRecord<K, M, R>> shedOverLimit();

    /** Activates slots 0 .. workers-1 (factory start); the factory then starts their runner threads. */
    abstract void start(int workers);

    /**
     * Changes the number of active slots (starting runner threads for activated ones); see
     * {@link FactoryRef#resize(int)}. Serialised by the factory.
     */
    abstract void resize(int workers);

    /** Performs bucket moves that waited for this slot's in-flight job (runner thread). */
    void runDeferredMoves(WorkerSlot<K, M, R> slot) {
    }

    /** Wakes an idle slot (to answer a ping, or after its pause). */
    abstract void wake(WorkerSlot<K, M, R> slot);

    /**
     * Wakes every slot whose runner parked: active ones, and retiring ones that still hold queued jobs (after the
     * factory resumed, or a key fence lifted).
     */
    void resumeAll() {
        for (WorkerSlot<K, M, R> slot : slots()) {
            boolean signal;
            synchronized (slot.lock) {
                resumingLocked(slot);
                signal = slot.resumeLocked();
            }
            if (signal) {
                slot.signal();
            }
        }
    }

    /** Placement-specific bookkeeping for a slot being woken by {@link #resumeAll()}; under its lock. */
    void resumingLocked(WorkerSlot<K, M, R> slot) {
    }

    /** Jobs waiting in queues. */
    abstract int queueDepth();

    /**
     * How many more jobs can be queued right now without load shedding: free queue room, where a free worker's
     * next job does not count against the limit (see {@link FactoryRef#availableCapacity()}).
     */
    abstract long availableCapacity();

    /** Removes every queued job (drain timeout, stop); later offers are refused with {@link DiscardReason#SHUTDOWN}. */
    abstract List<JobRecord<K, M, R>> closeAndRemoveAll();

    /**
     * Removes the queued jobs {@code which} selects (from inboxes too), keeping the others' order: expired jobs, a
     * cancelled one, withdrawn calls. Under each queue's lock, so a removed job was not taken by a runner and no
     * runner can take it any more. {@code which} is engine code (it runs under the locks).
     */
    abstract List<JobRecord<K, M, R>> removeQueued(java.util.function.Predicate<? super JobRecord<K, M, R>> which);

    /** Removes the queued jobs whose time-to-live has passed (and the withdrawn calls left in queues). */
    final List<JobRecord<K, M, R>> removeExpired(long now) {
        return removeQueued(job -> job.isExpired(now) || job.isTombstone());
    }

    /** All slots ever created, active or not. */
    abstract List<WorkerSlot<K, M, R>> slots();

    /** The number of active slots (0 while {@link #held}). */
    abstract int workerCount();

    /**
     * Load shedding on a full queue (both placements): returns the job to drop — the incoming one, or a queued one
     * removed from {@code queue} — following "lowest priority first", then the discard mode within that level.
     */
    static <J extends JobRecord<?, ?, ?>> J chooseVictim(JobQueue<J> queue, J incoming, DiscardMode mode) {
        int lowest = queue.lowestQueuedLevel();
        if (lowest < 0 || incoming.priority < lowest || (incoming.priority == lowest && mode == DiscardMode.NEWEST)) {
            return incoming;
        }
        J victim = queue.pollVictim(mode);
        return victim == null ? incoming : victim;
    }
}
