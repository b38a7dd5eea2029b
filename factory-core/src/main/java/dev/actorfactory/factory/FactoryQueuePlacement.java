package dev.actorfactory.factory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.queue.JobQueue;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.routing.StickyKeys;
import dev.actorfactory.internal.MpscLinkedQueue;
import dev.actorfactory.internal.StripedCounter;

// Why this file is long (~530 lines): one lock guards the shared queue, every slot's private queue, the idle
// tokens and the sticky bindings, and each take, offer, resize and close must update all of them atomically; the
// protocol is easier to check in one file than across several.

/**
 * Jobs queue at the factory and idle workers pull them: queuer and sticky-queuer routing.
 *
 * <p>One lock guards the shared queue, every slot's private queue and the sticky key states, so
 * each decision is atomic and easy to reason about.
 *
 * <p>Under sticky-queuer routing, {@link StickyKeys} decides where each key's jobs wait and which worker runs
 * them (see there for why one key's jobs never overlap and keep their order); this class carries it out. A retiring
 * slot keeps serving the keys bound to it until their jobs are done, so the order holds across resizes. (With a
 * priority queue, order holds within a priority level.)
 */
final class FactoryQueuePlacement<K, M, R> extends FactoryQueuePadding<K, M, R> {

    private static final VarHandle IDLE_HINT;
    private static final VarHandle SEARCHING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IDLE_HINT = lookup.findVarHandle(FactoryQueuePlacement.class, "idleHint", int.class);
            SEARCHING = lookup.findVarHandle(FactoryQueuePlacement.class, "searching", int.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    /**
     * The lock of the queues: this object, whose header sits with the runner-written fields (see
     * {@link FactoryQueueRunnerFields}), away from what submitters read.
     */
    private final Object lock = this;
    /** Sticky-queuer's key bindings ({@code null} under plain queuer routing); under {@link #lock}. */
    private final @Nullable StickyKeys sticky;
    /** Jobs pushed lock-free by submitters when there is no queue limit; drained under {@link #lock}. */
    private final MpscLinkedQueue<JobRecord<K, M, R>> inbox = new MpscLinkedQueue<>();
    private final StripedCounter pushed = new StripedCounter();
    /** How many slots are {@link WorkerSlot#idle}: a hint that lets submitters skip the claim scan. */
    private volatile int idleHint;
    /** Runners lingering for work: while one is, a submitter need not wake a parked one. */
    private volatile int searching;
    private final JobQueue<JobRecord<K, M, R>> shared;
    /** One reusable list per slot for the jobs its runner's take refuses (only that runner uses it). */
    private final List<JobRecord<K, M, R>>[] refusedScratch;
    private final List<WorkerSlot<K, M, R>> slots = new ArrayList<>();
    private final WorkerSlot<K, M, R>[] all;
    private volatile int count;
    private boolean closed;

    @SuppressWarnings("unchecked")
    FactoryQueuePlacement(Factory<K, M, R> factory) {
        super(factory);
        FactorySettings<K, M, R> settings = factory.settings();
        this.sticky = settings.routing() == RoutingMode.STICKY_QUEUER ? new StickyKeys() : null;
        this.shared = new JobQueue<>(settings.queueKind());
        this.all = new WorkerSlot[settings.maxWorkers()];
        this.refusedScratch = new List[all.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = new WorkerSlot<>(i, factory, lock, new JobQueue<>(settings.queueKind()));
            slots.add(all[i]);
            refusedScratch[i] = new ArrayList<>(0);
        }
    }

    // ------------------------------------------------------------------ submitting

    @Override
    @Nullable DiscardReason offer(JobRecord<K, M, R> job, boolean mayShed) {
        if (factory.isLimited()) { // (set at start, or when a limit is set at run time)
            return offerLocked(job, mayShed);
        }
        inbox.offer(job);
        pushed.increment();
        if (closed) {
            List<JobRecord<K, M, R>> stranded;
            synchronized (lock) {
                stranded = drainInboxLocked(new ArrayList<>());
            }
            stranded.forEach(stray -> factory.outcomes().discard(stray, DiscardReason.SHUTDOWN));
            return null;
        }
        // a worker is parked and none is looking for work: wake one (busy workers find the job when they take;
        // a lingering one finds it, or re-checks the inbox after it stopped lingering and before it parks)
        if (searching == 0 && idleHint > 0 && !factory.isPaused()) {
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
        int bound = sticky == null ? StickyKeys.UNBOUND : sticky.arrive(job.key);
        if (bound != StickyKeys.UNBOUND) {
            enqueuePrivate(all[bound], job);
            return claimIfIdle(all[bound]);
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
        IDLE_HINT.getAndAdd(this, -1);
        return slot.scheduleNow(); // (the runner cleared the flag before it went idle: normally this wins)
    }

    private @Nullable DiscardReason offerLocked(JobRecord<K, M, R> job, boolean mayShed) {
        JobRecord<K, M, R> victim = null;
        WorkerSlot<K, M, R> wake = null;
        synchronized (lock) {
            if (closed) {
                return DiscardReason.SHUTDOWN;
            }
            if (!inbox.isEmpty()) {
                // jobs pushed lock-free before a limit was set at run time: they are older, and count
                drainInboxLocked(new ArrayList<>(0)); // (not closed: nothing is refused)
            }
            if (queuedTotal >= limitLocked()) {
                if (!mayShed) {
                    return DiscardReason.LOAD_SHED;
                }
                victim = chooseVictim(shared, job, factory.discardMode());
                if (victim == job) {
                    return DiscardReason.LOAD_SHED;
                }
                queuedTotal--;
                if (sticky != null) {
                    sticky.sharedJobLeft(victim.key);
                }
            }
            wake = place(job);
            if (wake == null && idleHint > 0) {
                wake = claimAnIdleSlot();
            }
            queuedSnapshot = queuedTotal;
        }
        if (victim != null) {
            factory.outcomes().discard(victim, DiscardReason.LOAD_SHED);
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
        return factory.isPaused() || held || limit == Integer.MAX_VALUE ? limit
                : (long) limit + Math.max(0, count - holding);
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
        if (sticky != null) {
            slot.noteEnded(job); // unbound at the runner's next take, under the same lock acquisition
        }
    }

    @Override
    void unbind(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
        if (sticky != null) {
            synchronized (lock) {
                unbindLocked(job);
            }
        }
    }

    /** A job bound to a slot ended (or left its private queue for good). Under {@link #lock}. */
    private void unbindLocked(JobRecord<K, M, R> job) {
        if (sticky != null) {
            sticky.boundJobLeft(job.key);
        }
    }

    /** A job left the shared queue without being bound (expired, or removed at shutdown). Under {@link #lock}. */
    private void leftSharedLocked(JobRecord<K, M, R> job) {
        if (sticky != null) {
            sticky.sharedJobLeft(job.key);
        }
    }

    @Override
    Take take(WorkerSlot<K, M, R> slot, boolean release, Hand<K, M, R> hand) {
        List<JobRecord<K, M, R>> expired = null;
        JobRecord<K, M, R> job = null;
        Take result;
        boolean wentIdle = false;
        List<JobRecord<K, M, R>> refused = refusedScratch[slot.id];
        WorkerSlot<K, M, R> helper = null;
        synchronized (lock) {
            if (slot.releaseHoldLocked()) { // the runner is back: whatever it took before has ended
                holding--;
            }
            JobRecord<K, M, R> ended = slot.takeEndedLocked();
            if (ended != null) {
                unbindLocked(ended);
            }
            drainInboxLocked(refused);
            boolean active = slot.isActiveLocked();
            if (factory.isPaused() && active && !closed) {
                slot.parkLocked(); // paused: park (without an idle token) until resumeAll()
                return Take.PARK;
            }
            if (isHeldLocked(slot) && !closed) { // sized to 0: stop the worker instance, then park until hold(false)
                if (slot.hasLiveWorker()) {
                    return Take.RETIRE;
                }
                slot.parkLocked(); // without an idle token: submitters do not wake it
                return Take.PARK;
            }
            if (!closed && slot.backingOffLocked()) {
                slot.parkLocked(); // the runner parks until the pause ends
                return Take.PARK;
            }
            java.util.Set<Object> skipped = startTake();
            while (job == null) {
                JobRecord<K, M, R> candidate = pollStartable(slot.queue, skipped);
                boolean bound = candidate != null;
                if (candidate != null) {
                    slot.updateQueued();
                } else if (active) {
                    candidate = pollStartable(shared, skipped);
                }
                if (candidate == null) {
                    break;
                }
                queuedTotal--;
                if (candidate.ttlNanos != 0 && candidate.isExpired(System.nanoTime())) {
                    if (bound) {
                        unbindLocked(candidate);
                    } else {
                        leftSharedLocked(candidate);
                    }
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(candidate);
                    continue;
                }
                if (!bound && sticky != null) {
                    int runner = sticky.takeShared(candidate.key, slot.id);
                    if (runner != slot.id) {
                        enqueuePrivate(all[runner], candidate); // its key is bound elsewhere: keep its order
                        WorkerSlot<K, M, R> other = claimIfIdle(all[runner]);
                        if (other != null) {
                            other.signal();
                        }
                        continue;
                    }
                    bound = true; // (bound to this slot now)
                }
                if (!candidate.claimForRun()) { // a call withdrawn while queued: it has ended; drop it
                    if (bound) {
                        unbindLocked(candidate);
                    } else {
                        leftSharedLocked(candidate);
                    }
                    continue;
                }
                job = candidate;
            }
            queuedSnapshot = queuedTotal;
            if (job != null) {
                slot.startJob(job); // (a job taken off the shared queue is routed now: its runner notes the time)
                holding++;
                hand.job = job;
                result = Take.JOB;
                if (!shared.isEmpty() && idleHint > 0) {
                    helper = claimAnIdleSlot(); // more work is waiting: pass the wake-up on to an idle worker
                }
            } else if (!active && slot.queue.isEmpty() && slot.hasLiveWorker()) {
                result = Take.RETIRE;
            } else if (!active && slot.queue.isEmpty()) {
                slot.exitLocked();
                result = Take.EXIT;
            } else if (!release) {
                result = Take.NOTHING_YET;
            } else {
                slot.parkLocked(); // first: a claimer's later "scheduled = true" must not be overwritten
                if (slot.markIdleLocked()) {
                    IDLE_HINT.getAndAdd(this, 1);
                }
                if (!inbox.isEmpty() || !refused.isEmpty()) { // a submitter pushed meanwhile, and may have seen no
                    // idle worker; or refused jobs must be discarded before the runner may park: take our own idle
                    // token back and come straight back, unless a submitter took it first and wakes us
                    result = claim(slot) ? Take.NOTHING_YET : Take.PARK;
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
            strays.forEach(stray -> factory.outcomes().discard(stray, DiscardReason.SHUTDOWN));
        }
        if (expired != null) {
            for (JobRecord<K, M, R> stale : expired) {
                factory.outcomes().discard(stale, DiscardReason.TTL_EXPIRED);
            }
        }
        if (factory.isLimited()) {
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
            IDLE_HINT.getAndAdd(this, -1);
        }
    }

    @Override
    void lingering(boolean started) {
        if (started) {
            SEARCHING.getAndAdd(this, 1);
        } else {
            SEARCHING.getAndAdd(this, -1);
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
            if (sticky != null) {
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
            if (closed || slot.backingOffLocked()) { // (a pause that is over is cleared)
                return;
            }
            if (slot.tryTakeIdle()) {
                IDLE_HINT.getAndAdd(this, -1);
            }
            signal = slot.scheduleNowLocked(); // under the lock: no runner release or claimer can interleave
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
                all[i].activateLocked(); // the new runner finds nothing, then goes idle
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
                if (slot.activateLocked()) {
                    toStart.add(slot); // a new runner takes queued work at once
                } else if (claim(slot) || slot.scheduleNowLocked()) {
                    toSignal.add(slot); // a retiring runner, parked: wake it to serve the shared queue again
                }
            }
            for (int i = workers; i < previous; i++) {
                WorkerSlot<K, M, R> slot = all[i];
                slot.retireLocked();
                if (claim(slot)) { // its runner ends once its bound jobs are done
                    toSignal.add(slot);
                }
            }
            count = workers;
        }
        toStart.forEach(WorkerSlot::startRunner);
        toSignal.forEach(WorkerSlot::signal);
    }

    @Override
    void hold(boolean hold) {
        WorkerSlot<K, M, R> first = all[0];
        boolean signal;
        synchronized (lock) {
            held = hold;
            if (first.tryTakeIdle()) {
                IDLE_HINT.getAndAdd(this, -1);
            }
            signal = first.scheduleNowLocked(); // held: stop the instance and park; released: take the queue
        }
        if (signal) {
            first.signal();
        }
    }

    @Override
    List<JobRecord<K, M, R>> shedOverLimit() {
        List<JobRecord<K, M, R>> shed = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return shed;
            }
            drainInboxLocked(new ArrayList<>(0)); // (not closed: nothing is refused)
            shedLocked(shed);
            queuedSnapshot = queuedTotal;
        }
        return shed;
    }

    /**
     * Sheds from the shared queue (as an offer sheds: lowest level first, then by the discard mode) while the
     * factory queue is over its limit. Under {@link #lock}.
     */
    private void shedLocked(List<JobRecord<K, M, R>> shed) {
        long limit = limitLocked();
        while (queuedTotal > limit) {
            JobRecord<K, M, R> victim = shared.pollVictim(factory.discardMode());
            if (victim == null) {
                return; // the rest waits in private queues (keys bound to a running worker): never shed
            }
            queuedTotal--;
            leftSharedLocked(victim);
            shed.add(victim);
        }
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
            waiting.forEach(this::leftSharedLocked);
            removed.addAll(waiting);
            for (WorkerSlot<K, M, R> slot : all) {
                List<JobRecord<K, M, R>> bound = slot.queue.drain();
                bound.forEach(this::unbindLocked);
                removed.addAll(bound);
                slot.updateQueued();
            }
            queuedTotal = 0;
            queuedSnapshot = 0;
            return removed;
        }
    }

    @Override
    List<JobRecord<K, M, R>> removeQueued(java.util.function.Predicate<? super JobRecord<K, M, R>> which) {
        List<JobRecord<K, M, R>> refused = new ArrayList<>(0);
        try {
            return removeQueuedLocked(which, refused);
        } finally {
            refused.forEach(stray -> factory.outcomes().discard(stray, DiscardReason.SHUTDOWN));
        }
    }

    private List<JobRecord<K, M, R>> removeQueuedLocked(java.util.function.Predicate<? super JobRecord<K, M, R>> which,
            List<JobRecord<K, M, R>> refused) {
        synchronized (lock) {
            drainInboxLocked(refused);
            List<JobRecord<K, M, R>> expired = new ArrayList<>(shared.removeIf(which));
            expired.forEach(this::leftSharedLocked);
            for (WorkerSlot<K, M, R> slot : all) {
                if (!slot.queue.isEmpty()) {
                    List<JobRecord<K, M, R>> stale = slot.queue.removeIf(which);
                    stale.forEach(this::unbindLocked);
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
        return held ? 0 : count;
    }
}
