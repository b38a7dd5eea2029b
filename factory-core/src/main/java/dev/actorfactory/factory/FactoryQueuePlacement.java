package dev.actorfactory.factory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.queue.JobQueue;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.internal.MpscLinkedQueue;

/**
 * Jobs queue at the factory and idle workers pull them: queuer and sticky-queuer routing.
 *
 * <p>One lock guards the shared queue, every slot's private queue and the sticky key states, so
 * each decision is atomic and easy to reason about.
 *
 * <h2>Sticky-queuer</h2>
 * Each key with queued or running jobs has a {@link KeyState}: how many of its jobs wait in the shared queue, and
 * the slot its other jobs are bound to (running, or waiting in that slot's private queue). A new job goes straight
 * to the bound slot's private queue only when none of its key's jobs waits in the shared queue; otherwise it joins
 * the shared queue behind them. A slot taking a shared job binds its key if it is unbound, runs it if it is bound
 * to itself, and forwards it to the bound slot's private queue otherwise. A slot serves its private queue first.
 * Hence a private queue only ever holds jobs older than any shared job of the same key, one key's jobs never run
 * concurrently, and they run in submission order — across resizes too, because a retiring slot keeps serving the
 * keys bound to it until their jobs are done. (With a priority queue, order holds within a priority level.)
 */
final class FactoryQueuePlacement<K, M, R> extends Placement<K, M, R> {

    private final Object lock = new Object();
    private final boolean sticky;
    private final boolean limited;
    /** Jobs pushed lock-free by submitters when there is no queue limit; drained under {@link #lock}. */
    private final MpscLinkedQueue<JobRecord<K, M, R>> inbox = new MpscLinkedQueue<>();
    private final java.util.concurrent.atomic.LongAdder pushed = new java.util.concurrent.atomic.LongAdder();
    private long drained;
    /** How many slots are {@link WorkerSlot#idle}: a hint that lets submitters skip the claim scan. */
    private final java.util.concurrent.atomic.AtomicInteger idleHint = new java.util.concurrent.atomic.AtomicInteger();
    /** Runners lingering for work: while one is, a submitter need not wake a parked one. */
    private final java.util.concurrent.atomic.AtomicInteger searching = new java.util.concurrent.atomic.AtomicInteger();
    private final JobQueue<JobRecord<K, M, R>> shared;
    private final List<WorkerSlot<K, M, R>> slots = new ArrayList<>();
    private final WorkerSlot<K, M, R>[] all;
    private final Map<Object, KeyState<K, M, R>> keys = new HashMap<>();
    private int queuedTotal;
    /** Slots whose runner holds a job it took ({@link WorkerSlot#holdsJob}); under {@link #lock}. */
    private int holding;
    private volatile int queuedSnapshot;
    private volatile int count;
    private boolean closed;

    /** Where one key's queued and running jobs are (sticky-queuer only). */
    private static final class KeyState<K, M, R> {
        /** Jobs of the key waiting in the shared queue. */
        int shared;
        /** The slot holding the key's other jobs, or {@code null} when it holds none. */
        @Nullable WorkerSlot<K, M, R> slot;
        /** Jobs of the key on {@link #slot}: running or in its private queue. */
        int bound;
    }

    @SuppressWarnings("unchecked")
    FactoryQueuePlacement(Factory<K, M, R> factory) {
        super(factory);
        FactorySettings<K, M, R> settings = factory.settings();
        this.sticky = settings.routing() == RoutingMode.STICKY_QUEUER;
        this.limited = factory.isLimited();
        this.shared = new JobQueue<>(settings.queueKind());
        this.all = new WorkerSlot[settings.maxWorkers()];
        for (int i = 0; i < all.length; i++) {
            all[i] = new WorkerSlot<>(i, factory, lock, new JobQueue<>(settings.queueKind()));
            slots.add(all[i]);
        }
    }

    // ------------------------------------------------------------------ submitting

    @Override
    @Nullable DiscardReason offer(JobRecord<K, M, R> job, boolean mayShed) {
        if (limited) {
            return offerLocked(job, mayShed);
        }
        inbox.offer(job);
        pushed.increment();
        if (closed) {
            List<JobRecord<K, M, R>> stranded;
            synchronized (lock) {
                stranded = drainInboxLocked(new ArrayList<>());
            }
            stranded.forEach(stray -> factory.accounting().discard(stray, DiscardReason.SHUTDOWN));
            return null;
        }
        // a worker is parked and none is looking for work: wake one (busy workers find the job when they take;
        // a lingering one finds it, or re-checks the inbox after it stopped lingering and before it parks)
        if (searching.get() == 0 && idleHint.get() > 0 && !factory.isPaused()) {
            WorkerSlot<K, M, R> wake = claimAnIdleSlot();
            if (wake != null) {
                wake.signal();
            }
        }
        return null;
    }

    /**
     * Sorts the inbox's jobs into the shared queue and the private queues, in arrival order, applying the sticky
     * rules; wakes bound slots that went idle. Under {@link #lock}. Returns the list of jobs refused because the
     * placement is closed (the caller discards them after releasing the lock).
     */
    private List<JobRecord<K, M, R>> drainInboxLocked(List<JobRecord<K, M, R>> refused) {
        JobRecord<K, M, R> job;
        while ((job = inbox.poll()) != null) {
            drained++;
            if (closed) {
                refused.add(job);
            } else {
                WorkerSlot<K, M, R> wake = place(job);
                if (wake != null) {
                    wake.signal();
                }
            }
        }
        queuedSnapshot = queuedTotal;
        return refused;
    }

    /** Puts an accepted job where it waits; returns a slot to wake, if any. Under {@link #lock}. */
    private @Nullable WorkerSlot<K, M, R> place(JobRecord<K, M, R> job) {
        KeyState<K, M, R> state = sticky ? keys.get(job.key) : null;
        if (state != null && state.slot != null && state.shared == 0) {
            state.bound++;
            enqueuePrivate(state.slot, job);
            return claimIfIdle(state.slot);
        }
        if (sticky) {
            if (state == null) {
                state = new KeyState<>();
                keys.put(job.key, state);
            }
            state.shared++;
        }
        shared.add(job);
        queuedTotal++;
        return null;
    }

    /** Claims the first idle worker (lowest id), lock-free; {@code null} if none. Any thread. */
    private @Nullable WorkerSlot<K, M, R> claimAnIdleSlot() {
        int n = count;
        for (int i = 0; i < n; i++) {
            WorkerSlot<K, M, R> slot = all[i];
            if (claim(slot)) {
                return slot;
            }
        }
        return null;
    }

    /**
     * Wakes an idle slot: the winner of its idle token sets {@code scheduled} (the runner released it before
     * taking the token back, so this cannot be overwritten) and the caller signals it.
     */
    private boolean claim(WorkerSlot<K, M, R> slot) {
        if (!slot.tryTakeIdle()) {
            return false;
        }
        idleHint.decrementAndGet();
        slot.scheduled = true;
        return true;
    }

    private @Nullable DiscardReason offerLocked(JobRecord<K, M, R> job, boolean mayShed) {
        JobRecord<K, M, R> victim = null;
        WorkerSlot<K, M, R> wake = null;
        synchronized (lock) {
            if (closed) {
                return DiscardReason.SHUTDOWN;
            }
            if (queuedTotal >= limitLocked()) {
                if (!mayShed) {
                    return DiscardReason.LOAD_SHED;
                }
                victim = chooseVictim(shared, job, factory.settings().discardMode());
                if (victim == job) {
                    return DiscardReason.LOAD_SHED;
                }
                queuedTotal--;
                if (sticky) {
                    leftSharedLocked(victim);
                }
            }
            wake = place(job);
            if (wake == null && idleHint.get() > 0) {
                wake = claimAnIdleSlot();
            }
            queuedSnapshot = queuedTotal;
        }
        if (victim != null) {
            factory.accounting().discard(victim, DiscardReason.LOAD_SHED);
        }
        if (wake != null) {
            wake.signal();
        }
        return null;
    }

    /**
     * The factory queue's limit, plus one per free worker (one that holds no job): those jobs are about to run and
     * never count against the limit (ractor exempts available workers too). Under {@link #lock}.
     */
    private long limitLocked() {
        int limit = factory.queueLimit();
        return factory.isPaused() || limit == Integer.MAX_VALUE ? limit : (long) limit + Math.max(0, count - holding);
    }

    private void enqueuePrivate(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
        job.routedAt = System.nanoTime();
        slot.queue.add(job);
        slot.updateQueued();
        queuedTotal++;
    }

    /** Claims an idle slot and returns it for signalling; else {@code null} (running, or paused). */
    private @Nullable WorkerSlot<K, M, R> claimIfIdle(WorkerSlot<K, M, R> slot) {
        return claim(slot) ? slot : null;
    }

    // ------------------------------------------------------------------ running

    @Override
    void endedOnRunner(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
        if (sticky) {
            slot.endedJob = job; // unbound at the runner's next take, under the same lock acquisition
        }
    }

    @Override
    void unbind(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
        if (sticky) {
            synchronized (lock) {
                unbindLocked(job);
            }
        }
    }

    /** A job bound to a slot ended (or left its private queue for good). */
    private void unbindLocked(JobRecord<K, M, R> job) {
        KeyState<K, M, R> state = keys.get(job.key);
        if (state != null && --state.bound == 0) {
            state.slot = null;
            if (state.shared == 0) {
                keys.remove(job.key);
            }
        }
    }

    /** A job left the shared queue without being bound (expired, or removed at shutdown). */
    private void leftSharedLocked(JobRecord<K, M, R> job) {
        KeyState<K, M, R> state = keys.get(job.key);
        if (state != null && --state.shared == 0 && state.slot == null) {
            keys.remove(job.key);
        }
    }

    @Override
    Take take(WorkerSlot<K, M, R> slot, boolean release, Hand<K, M, R> hand) {
        List<JobRecord<K, M, R>> expired = null;
        JobRecord<K, M, R> job = null;
        Take result;
        boolean wentIdle = false;
        List<JobRecord<K, M, R>> refused = slot.refusedScratch;
        WorkerSlot<K, M, R> helper = null;
        synchronized (lock) {
            if (slot.holdsJob) {
                slot.holdsJob = false; // the runner is back: whatever it took before has ended
                holding--;
            }
            JobRecord<K, M, R> ended = slot.endedJob;
            if (ended != null) {
                slot.endedJob = null;
                unbindLocked(ended);
            }
            drainInboxLocked(refused);
            if (factory.isPaused() && slot.active && !closed) {
                slot.scheduled = false; // paused: park (without an idle token) until resumeAll()
                return Take.PARK;
            }
            if (slot.pausedUntil != 0 && !closed) {
                if (System.nanoTime() - slot.pausedUntil < 0) {
                    slot.scheduled = false; // the runner parks until the pause ends
                    return Take.PARK;
                }
                slot.pausedUntil = 0;
            }
            java.util.Set<Object> skipped = startTake();
            while (job == null) {
                JobRecord<K, M, R> candidate = pollStartable(slot.queue, skipped);
                boolean bound = candidate != null;
                if (candidate != null) {
                    slot.updateQueued();
                } else if (slot.active) {
                    candidate = pollStartable(shared, skipped);
                }
                if (candidate == null) {
                    break;
                }
                queuedTotal--;
                if (candidate.ttlNanos != 0 && candidate.isExpired(System.nanoTime())) {
                    if (sticky) {
                        if (bound) {
                            unbindLocked(candidate);
                        } else {
                            leftSharedLocked(candidate);
                        }
                    }
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(candidate);
                    continue;
                }
                if (!bound && sticky) {
                    KeyState<K, M, R> state = keys.get(candidate.key);
                    state.shared--;
                    if (state.slot == null) {
                        state.slot = slot;
                    } else if (state.slot != slot) {
                        state.bound++;
                        enqueuePrivate(state.slot, candidate); // its key is bound elsewhere: keep its order
                        WorkerSlot<K, M, R> other = claimIfIdle(state.slot);
                        if (other != null) {
                            other.signal();
                        }
                        continue;
                    }
                    state.bound++;
                }
                job = candidate;
            }
            queuedSnapshot = queuedTotal;
            if (job != null) {
                if (job.routedAt == 0) {
                    job.routedAt = System.nanoTime();
                }
                slot.startJob(job);
                holding++;
                hand.job = job;
                result = Take.JOB;
                if (!shared.isEmpty() && idleHint.get() > 0) {
                    helper = claimAnIdleSlot(); // more work is waiting: pass the wake-up on to an idle worker
                }
            } else if (!slot.active && slot.queue.isEmpty() && slot.hasLiveWorker()) {
                result = Take.RETIRE;
            } else if (!slot.active && slot.queue.isEmpty()) {
                slot.runnerAlive = false;
                slot.scheduled = false;
                result = Take.EXIT;
            } else if (!release) {
                result = Take.NOTHING_YET;
            } else {
                slot.scheduled = false; // first: a claimer's later "scheduled = true" must not be overwritten
                if (slot.active && !slot.idle) {
                    slot.idle = true;
                    idleHint.incrementAndGet();
                }
                if (!inbox.isEmpty()) { // a submitter pushed meanwhile and may have seen no idle worker
                    claim(slot); // take our own idle token back, unless a submitter already did and wakes us
                    result = Take.NOTHING_YET; // the runner comes straight back to take it
                } else {
                    result = Take.PARK;
                    wentIdle = true;
                }
            }
        }
        if (helper != null) {
            helper.signal();
        }
        if (!refused.isEmpty()) {
            List<JobRecord<K, M, R>> strays = List.copyOf(refused);
            refused.clear();
            strays.forEach(stray -> factory.accounting().discard(stray, DiscardReason.SHUTDOWN));
        }
        if (expired != null) {
            for (JobRecord<K, M, R> stale : expired) {
                factory.accounting().discard(stale, DiscardReason.TTL_EXPIRED);
            }
        }
        if (limited) {
            factory.queueSpaceFreed();
        }
        if (wentIdle) {
            factory.slotWentIdle();
        }
        return result;
    }

    @Override
    void resumingLocked(WorkerSlot<K, M, R> slot) {
        if (slot.tryTakeIdle()) {
            idleHint.decrementAndGet();
        }
    }

    @Override
    void lingering(boolean started) {
        if (started) {
            searching.incrementAndGet();
        } else {
            searching.decrementAndGet();
        }
    }

    @Override
    boolean hasWorkHint(WorkerSlot<K, M, R> slot) {
        return queuedSnapshot > 0 || slot.queued() > 0 || !inbox.isEmpty();
    }

    @Override
    boolean retryInPlace(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, long delayNanos) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (sticky) {
                slot.queue.addFirst(job); // still bound: its key's later jobs wait behind it
                slot.updateQueued();
            } else {
                shared.addFirst(job);
            }
            queuedTotal++;
            queuedSnapshot = queuedTotal;
            if (delayNanos > 0) {
                slot.pauseLocked(delayNanos);
            }
            return true;
        }
    }

    @Override
    void wake(WorkerSlot<K, M, R> slot) {
        boolean signal;
        synchronized (lock) {
            if (closed || (slot.pausedUntil != 0 && System.nanoTime() - slot.pausedUntil < 0)) {
                return;
            }
            slot.pausedUntil = 0; // a backing-off runner is never idle: it sets itself going again
            if (slot.tryTakeIdle()) {
                idleHint.decrementAndGet();
            }
            signal = !slot.scheduled; // under the lock, so no runner release or claimer can interleave
            slot.scheduled = true;
        }
        if (signal) {
            slot.signal();
        }
    }

    // ------------------------------------------------------------------ sizing

    @Override
    void start(int workers) {
        synchronized (lock) {
            for (int i = 0; i < workers; i++) {
                all[i].active = true;
                all[i].claimRunner(); // the new runner finds nothing, then goes idle
            }
            count = workers;
        }
    }

    @Override
    void resize(int workers) {
        List<WorkerSlot<K, M, R>> toSignal = new ArrayList<>();
        List<WorkerSlot<K, M, R>> toStart = new ArrayList<>();
        synchronized (lock) {
            int previous = count;
            for (int i = previous; i < workers; i++) {
                WorkerSlot<K, M, R> slot = all[i];
                slot.active = true;
                if (slot.claimRunner()) {
                    toStart.add(slot); // a new runner takes queued work at once
                } else {
                    toSignal.add(slot);
                }
            }
            for (int i = workers; i < previous; i++) {
                WorkerSlot<K, M, R> slot = all[i];
                slot.active = false;
                if (claim(slot)) { // its runner ends once its bound jobs are done
                    toSignal.add(slot);
                }
            }
            count = workers;
        }
        toStart.forEach(WorkerSlot::startRunner);
        toSignal.forEach(WorkerSlot::signal);
    }

    // ------------------------------------------------------------------ observing and closing

    @Override
    int queueDepth() {
        synchronized (lock) {
            return queuedTotal + (int) Math.max(0, pushed.sum() - drained);
        }
    }

    @Override
    long availableCapacity() {
        synchronized (lock) {
            return Math.max(0, limitLocked() - queuedTotal - Math.max(0, pushed.sum() - drained));
        }
    }

    @Override
    List<JobRecord<K, M, R>> closeAndRemoveAll() {
        synchronized (lock) {
            closed = true;
            List<JobRecord<K, M, R>> removed = drainInboxLocked(new ArrayList<>()); // never placed
            List<JobRecord<K, M, R>> waiting = shared.drain();
            if (sticky) {
                waiting.forEach(this::leftSharedLocked);
            }
            removed.addAll(waiting);
            for (WorkerSlot<K, M, R> slot : all) {
                List<JobRecord<K, M, R>> bound = slot.queue.drain();
                if (sticky) {
                    bound.forEach(this::unbindLocked);
                }
                removed.addAll(bound);
                slot.updateQueued();
            }
            queuedTotal = 0;
            queuedSnapshot = 0;
            return removed;
        }
    }

    @Override
    List<JobRecord<K, M, R>> removeExpired(long now) {
        List<JobRecord<K, M, R>> refused = new ArrayList<>(0);
        try {
            return removeExpiredLocked(now, refused);
        } finally {
            refused.forEach(stray -> factory.accounting().discard(stray, DiscardReason.SHUTDOWN));
        }
    }

    private List<JobRecord<K, M, R>> removeExpiredLocked(long now, List<JobRecord<K, M, R>> refused) {
        synchronized (lock) {
            drainInboxLocked(refused);
            List<JobRecord<K, M, R>> expired = new ArrayList<>(shared.removeIf(job -> job.isExpired(now)));
            if (sticky) {
                expired.forEach(this::leftSharedLocked);
            }
            for (WorkerSlot<K, M, R> slot : all) {
                if (!slot.queue.isEmpty()) {
                    List<JobRecord<K, M, R>> stale = slot.queue.removeIf(job -> job.isExpired(now));
                    if (sticky) {
                        stale.forEach(this::unbindLocked);
                    }
                    expired.addAll(stale);
                    slot.updateQueued();
                }
            }
            queuedTotal -= expired.size();
            queuedSnapshot = queuedTotal;
            return expired;
        }
    }

    @Override
    List<WorkerSlot<K, M, R>> slots() {
        return slots;
    }

    @Override
    int workerCount() {
        return count;
    }
}
