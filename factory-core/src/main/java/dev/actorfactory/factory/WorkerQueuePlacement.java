package dev.actorfactory.factory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.queue.JobQueue;
import dev.actorfactory.factory.routing.BucketTable;
import dev.actorfactory.factory.routing.GrowRebalance;
import dev.actorfactory.factory.routing.KeyBuckets;
import dev.actorfactory.factory.routing.RebalancePlan;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.routing.WorkerRouter;

// Why this file is long (~670 lines): it carries out the routing package's decisions for four modes and keeps the
// key-persistent invariant (below) across inboxes, stragglers, shedding, retiring and bucket moves; these share the
// per-slot locking protocol and the drain-and-forward step, and splitting them would spread one invariant over
// several files.

/**
 * Jobs queue at the workers: key-persistent, round-robin, random and custom-hash routing. The
 * {@link WorkerRouter} of the mode decides where a job goes (and the {@link BucketTable} which buckets move at a
 * resize); this class carries the decisions out: queues, inboxes, shedding, moves.
 *
 * <h2>The submit hot path</h2>
 * Without a queue limit, a submitter picks a slot, pushes the job into the slot's lock-free inbox (one atomic
 * swap), re-checks that the slot still takes that job, and wakes the slot's runner only if it is idle. All queueing
 * decisions happen when the inbox is drained, under the slot's lock, by its runner (or a resize, or a rescue).
 * With a queue limit, load shedding needs the exact queue, so a submitter appends under the slot's lock instead.
 *
 * <h2>Key-persistent routing and resizing</h2>
 * A key hashes to one of a fixed number of buckets; the {@link BucketTable} maps buckets to slots. The invariant that keeps
 * per-key order: <em>the jobs of bucket b waiting in queues, and the one running, are all in the slot that owns b
 * in the {@link BucketTable}, oldest first</em>, except for stragglers (below). A move of bucket b from slot A to slot B
 * happens under both slots' locks, only while A is not holding a b-job ({@link WorkerSlot#heldBucket}): it sets
 * {@code owner(b) = B} first, then drains A's inbox, then appends A's b-jobs, in order, to B's queue (which holds
 * none of b, and whose inbox cannot be drained meanwhile). A move deferred because A holds a b-job is done by A's
 * runner before its next job.
 *
 * <p>A <em>straggler</em> is a job pushed into A's inbox by a submitter that read the old owner. Because the move
 * publishes the new owner before draining and the submitter pushes before re-reading it, the submitter either had
 * its job drained and moved, or sees the new owner — and then rescues its job itself: it drains A's inbox under A's
 * lock and forwards stragglers to their owners before its submit returns. So a submitter's next job of that key can
 * never overtake its straggler. (Whoever drains an inbox forwards the stragglers it finds, under the lock.)
 */
final class WorkerQueuePlacement<K, M, R> extends Placement<K, M, R> {

    private final WorkerRouter<K> router;
    /** Key-persistent routing's bucket owners; {@code null} under the other modes. */
    private final @Nullable BucketTable table;
    /** How many jobs a take drains ahead of the one it runs (see drainInboxLocked). */
    private static final int TAKE_WINDOW = 32;
    private final int takeWindow;
    private final List<WorkerSlot<K, M, R>> slots = new ArrayList<>();
    private final WorkerSlot<K, M, R>[] all;
    /** One reusable collector per slot for its runner's takes (only that runner uses it). */
    private final Leftovers[] takeLeftovers;
    private volatile int count;
    private volatile boolean closed;

    /**
     * What a drain found that does not belong in the slot's queue. A straggler being forwarded names its
     * {@link JobRecord#forwarder} until it is routed again, so that its submitter can wait for it.
     */
    private final class Leftovers {
        @Nullable List<JobRecord<K, M, R>> reroute;
        @Nullable List<JobRecord<K, M, R>> shutdown;
        @Nullable List<JobRecord<K, M, R>> expired;

        /** Collects a job to route again; under the slot's lock. */
        void reroute(JobRecord<K, M, R> job) {
            if (reroute == null) {
                reroute = new ArrayList<>();
            }
            job.forwarder = Thread.currentThread(); // the same thread settles: under this lock, before any move
            reroute.add(job);
        }

        void shutdown(JobRecord<K, M, R> job) {
            if (shutdown == null) {
                shutdown = new ArrayList<>();
            }
            shutdown.add(job);
        }

        void expired(JobRecord<K, M, R> job) {
            if (expired == null) {
                expired = new ArrayList<>();
            }
            expired.add(job);
        }

        boolean isEmpty() {
            return reroute == null && shutdown == null && expired == null;
        }

        /** Ends or re-routes everything collected, then forgets it; called after the lock is released. */
        void settle() {
            if (isEmpty()) {
                return;
            }
            List<JobRecord<K, M, R>> expired = this.expired;
            List<JobRecord<K, M, R>> shutdown = this.shutdown;
            List<JobRecord<K, M, R>> reroute = this.reroute;
            this.expired = null;
            this.shutdown = null;
            this.reroute = null;
            if (expired != null) {
                expired.forEach(job -> factory.outcomes().discard(job, DiscardReason.TTL_EXPIRED));
            }
            if (shutdown != null) {
                shutdown.forEach(job -> factory.outcomes().discard(job, DiscardReason.SHUTDOWN));
            }
            if (reroute != null) {
                Thread me = Thread.currentThread();
                for (JobRecord<K, M, R> job : reroute) {
                    try {
                        factory.outcomes().reroute(job);
                    } finally {
                        if (job.forwarder == me) {
                            job.forwarder = null; // placed (or ended); a nested forward may have cleared it already
                        }
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    WorkerQueuePlacement(Factory<K, M, R> factory) {
        super(factory);
        FactorySettings<K, M, R> settings = factory.settings();
        this.table = settings.routing() == RoutingMode.KEY_PERSISTENT
                ? new BucketTable(KeyBuckets.countFor(settings.maxWorkers()), settings.maxWorkers()) : null;
        this.router = WorkerRouter.of(settings.routing(), settings.customHash(), table);
        // with priority levels a take must see the whole backlog to pick the highest job
        this.takeWindow = settings.queueKind().isPriority() ? Integer.MAX_VALUE : TAKE_WINDOW;
        this.all = new WorkerSlot[settings.maxWorkers()];
        for (int i = 0; i < all.length; i++) {
            all[i] = new WorkerSlot<>(i, factory, null, new JobQueue<>(settings.queueKind()));
            slots.add(all[i]);
        }
        this.takeLeftovers = (Leftovers[]) java.lang.reflect.Array.newInstance(Leftovers.class, all.length);
        for (int i = 0; i < all.length; i++) {
            takeLeftovers[i] = new Leftovers();
        }
    }

    // ------------------------------------------------------------------ submitting

    @Override
    @Nullable DiscardReason offer(JobRecord<K, M, R> job, boolean mayShed) {
        job.routedAt = job.acceptedAt;
        if (factory.isLimited()) { // (set at start, or when a limit is set at run time)
            return offerLimited(job, mayShed);
        }
        WorkerSlot<K, M, R> slot = select(job, count);
        slot.inbox.offer(job);
        slot.pushed.increment();
        if (closed || !takes(slot, job)) {
            rescue(slot, job); // a resize or a close raced with us: make sure the job is where it belongs first
            return null;
        }
        slot.wakeFromInbox();
        job.awaitForwarded(); // the owner is right, but a drain may still be carrying the job back here
        return null;
    }

    /** Whether {@code slot} is where {@code job} belongs right now. */
    private boolean takes(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job) {
        return table != null ? table.ownerOf(job.bucket) == slot.id : slot.isActiveLocked();
    }

    /**
     * Drains the slot's inbox under its lock and forwards what does not belong there; then waits until the
     * submitter's own job, if another thread took it out of the inbox to forward it, has been routed again — so the
     * submitter's next job cannot overtake it. It waits for that one job only (and never for itself), so rescues
     * never wait on each other.
     */
    private void rescue(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> own) {
        Leftovers leftovers = new Leftovers();
        boolean wake;
        synchronized (slot) {
            drainInboxLocked(slot, leftovers, null);
            wake = !slot.queue.isEmpty() && slot.scheduleLocked();
        }
        leftovers.settle();
        if (wake) {
            slot.signal();
        }
        own.awaitForwarded(); // another thread may be forwarding it; never ourselves (a nested forward)
    }

    /**
     * Moves the inbox's jobs into the slot's queue, in order. Jobs whose bucket is in {@code moving} stay with the
     * slot (the caller is moving them); other jobs the slot no longer takes are collected for re-routing.
     * Under the slot's lock.
     */
    private void drainInboxLocked(WorkerSlot<K, M, R> slot, Leftovers leftovers, @Nullable Set<Integer> moving) {
        drainInboxLocked(slot, leftovers, moving, Integer.MAX_VALUE);
    }

    /**
     * {@link #drainInboxLocked(WorkerSlot, Leftovers, Set)}, stopping once the slot's queue holds {@code enough}
     * jobs. A runner's take drains only a window ahead of what it runs: a job drained from the inbox is read (its
     * first touch on the runner's core), and a job drained long before it runs has left the cache by then and is
     * read again from memory. Order is unchanged: the queue's jobs are all older than the inbox's.
     */
    private void drainInboxLocked(WorkerSlot<K, M, R> slot, Leftovers leftovers, @Nullable Set<Integer> moving,
            int enough) {
        JobRecord<K, M, R> job;
        while (slot.queue.size() < enough && (job = slot.inbox.poll()) != null) {
            slot.drained++;
            if (closed) {
                leftovers.shutdown(job);
            } else if (takes(slot, job) || (moving != null && moving.contains(job.bucket))) {
                slot.queue.add(job);
            } else {
                leftovers.reroute(job);
            }
        }
        slot.updateQueued();
    }

    private @Nullable DiscardReason offerLimited(JobRecord<K, M, R> job, boolean mayShed) {
        retry:
        while (true) {
            int n = count;
            WorkerSlot<K, M, R> first = select(job, n);
            if (router.overflowsToNextWorker()) {
                // ergo's pool: a full worker queue sends the job on to the next worker (each checked under its lock,
                // so a job is shed only when every worker is full)
                for (int i = 0; i < n; i++) {
                    Outcome outcome = offerLocked(all[(first.id + i) % n], job, false);
                    if (outcome == Outcome.MOVED) {
                        continue retry;
                    }
                    if (outcome != Outcome.SHED) {
                        return outcome.reason;
                    }
                }
            }
            Outcome outcome = offerLocked(first, job, mayShed);
            if (outcome != Outcome.MOVED) {
                return outcome.reason;
            }
        }
    }

    /**
     * The queue limit of a slot: the factory's, plus one while the slot is free — the job handed to an idle worker
     * is about to run and never counts against the limit (ractor exempts an available worker too). Racy outside
     * the slot's lock, exact under it.
     */
    private int limitOf(WorkerSlot<K, M, R> slot) {
        int limit = factory.queueLimit();
        return slot.holdsJobLocked() || factory.isPaused() || isHeldLocked(slot) || limit == Integer.MAX_VALUE ? limit
                : limit + 1;
    }

    private WorkerSlot<K, M, R> select(JobRecord<K, M, R> job, int n) {
        return all[router.workerFor(job.key, job.bucket, n)];
    }

    private enum Outcome {
        QUEUED(null), MOVED(null), SHED(DiscardReason.LOAD_SHED), CLOSED(DiscardReason.SHUTDOWN);

        final @Nullable DiscardReason reason;

        Outcome(@Nullable DiscardReason reason) {
            this.reason = reason;
        }
    }

    private Outcome offerLocked(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, boolean mayShed) {
        JobRecord<K, M, R> victim = null;
        boolean wake;
        Leftovers leftovers = null;
        try {
            synchronized (slot) {
                if (closed) {
                    return Outcome.CLOSED;
                }
                if (!takes(slot, job)) {
                    return Outcome.MOVED; // resized meanwhile: route again
                }
                if (!slot.inbox.isEmpty()) {
                    // jobs pushed lock-free before a limit was set at run time: they are older, and count
                    leftovers = new Leftovers();
                    drainInboxLocked(slot, leftovers, null);
                }
                if (slot.queue.size() >= limitOf(slot)) {
                    if (!mayShed) {
                        return Outcome.SHED;
                    }
                    victim = chooseVictim(slot.queue, job, factory.discardMode());
                    if (victim == job) {
                        return Outcome.SHED;
                    }
                }
                slot.queue.add(job);
                slot.updateQueued();
                wake = slot.scheduleLocked();
            }
        } finally {
            if (leftovers != null) {
                leftovers.settle(); // stragglers found in the inbox go to their owners
            }
        }
        if (victim != null) {
            factory.outcomes().discard(victim, DiscardReason.LOAD_SHED);
        }
        if (wake) {
            slot.signal();
        }
        return Outcome.QUEUED;
    }

    // ------------------------------------------------------------------ running

    @Override
    Take take(WorkerSlot<K, M, R> slot, boolean release, Hand<K, M, R> hand) {
        Leftovers leftovers = takeLeftovers[slot.id];
        Take result;
        synchronized (slot) {
            result = takeLocked(slot, release, leftovers, hand);
        }
        boolean wentIdle = result == Take.PARK;
        if (!wentIdle) {
            leftovers.settle(); // (a take that parks has none: after parking the runner touches nothing)
        }
        if (factory.isLimited()) {
            factory.queueSpaceFreed();
        }
        if (wentIdle) {
            factory.slotWentIdle();
        }
        return result;
    }

    private Take takeLocked(WorkerSlot<K, M, R> slot, boolean release, Leftovers leftovers, Hand<K, M, R> hand) {
        slot.releaseHoldLocked(); // the runner is back: whatever it took before has ended
        int window = takeWindow;
        while (true) {
            drainInboxLocked(slot, leftovers, null, window);
            if (factory.isPaused() && slot.isActiveLocked() && !closed) {
                return parkLocked(slot, leftovers); // paused: park until resumeAll()
            }
            if (isHeldLocked(slot) && !closed) { // sized to 0: stop the worker instance, then park until hold(false)
                return slot.hasLiveWorker() ? Take.RETIRE : parkLocked(slot, leftovers);
            }
            if (!closed && slot.backingOffLocked()) {
                return parkLocked(slot, leftovers); // the runner parks until the pause ends
            }
            JobRecord<K, M, R> job;
            Set<Object> skipped = startTake();
            while (true) {
                job = pollStartable(slot.queue, skipped);
                if (job != null && job.ttlNanos != 0 && job.isExpired(System.nanoTime())) {
                    leftovers.expired(job);
                    continue;
                }
                if (job == null || job.claimForRun()) {
                    break;
                }
                // a call withdrawn while queued (cancelled, timed out): it has ended; drop it
            }
            slot.updateQueued();
            if (job != null) {
                slot.startJob(job);
                hand.job = job;
                return Take.JOB;
            }
            if (window != Integer.MAX_VALUE && !slot.inbox.isEmpty()) {
                // nothing startable in the window (its keys fenced, its jobs expired): pick again from the whole
                // backlog before deciding anything — else the jobs behind the window would wait for a fence
                window = Integer.MAX_VALUE;
                continue;
            }
            // a retiring slot whose queue still holds jobs of fenced keys waits for them (resumeAll wakes it)
            boolean retired = !slot.isActiveLocked() && slot.queue.isEmpty();
            if (retired && slot.hasLiveWorker()) {
                return Take.RETIRE;
            }
            if (retired && slot.inbox.isEmpty() && !slot.hasDeferredMovesLocked()) {
                slot.exitLocked();
                return Take.EXIT;
            }
            if (!release || !leftovers.isEmpty()) {
                return Take.NOTHING_YET; // (leftovers are settled before the runner may park)
            }
            slot.parkLocked();
            if (slot.inbox.isEmpty()) {
                return Take.PARK; // a submitter pushing after this point sees scheduled == false and wakes us
            }
            if (!slot.stayAwakeLocked()) {
                return Take.PARK; // that submitter set the flag first and signals us
            }
            // a submitter pushed meanwhile: keep going
        }
    }

    /**
     * Parks the runner, unless the take collected leftovers, which the runner must settle first (it comes back).
     * Under the slot's lock.
     */
    private Take parkLocked(WorkerSlot<K, M, R> slot, Leftovers leftovers) {
        if (!leftovers.isEmpty()) {
            return Take.NOTHING_YET;
        }
        slot.parkLocked();
        return Take.PARK;
    }

    @Override
    boolean hasWorkHint(WorkerSlot<K, M, R> slot) {
        return slot.queued() > 0 || !slot.inbox.isEmpty();
    }

    @Override
    boolean retryInPlace(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, long delayNanos) {
        synchronized (slot) {
            if (closed) {
                return false;
            }
            slot.queue.addFirst(job);
            slot.updateQueued();
            if (delayNanos > 0) {
                slot.pauseLocked(delayNanos);
            }
            return true;
        }
    }

    @Override
    void wake(WorkerSlot<K, M, R> slot) {
        boolean wake;
        synchronized (slot) {
            if (closed || slot.backingOffLocked()) {
                return;
            }
            wake = slot.scheduleNowLocked();
        }
        if (wake) {
            slot.signal();
        }
    }

    // ------------------------------------------------------------------ sizing

    @Override
    void start(int workers) {
        for (int i = 0; i < workers; i++) {
            synchronized (all[i]) {
                all[i].activateLocked();
            }
        }
        if (table != null) {
            table.assignEvenly(workers);
        }
        count = workers;
    }

    @Override
    void resize(int workers) {
        int previous = count;
        List<WorkerSlot<K, M, R>> needRunner = new ArrayList<>();
        for (int i = previous; i < workers; i++) {
            synchronized (all[i]) {
                if (all[i].activateLocked()) {
                    needRunner.add(all[i]);
                }
            }
        }
        needRunner.forEach(WorkerSlot::startRunner); // before buckets move to them
        if (table != null) {
            rebalanceBuckets(table.planResize(workers));
        }
        count = workers;
        for (int i = workers; i < previous; i++) {
            retire(all[i]);
        }
        if (table == null && workers > previous) {
            rebalanceBacklog(previous, workers);
        }
    }

    /**
     * After a grow (routing without key order), puts the new workers to work on the existing backlog as the
     * router's {@link GrowRebalance} says.
     */
    private void rebalanceBacklog(int previous, int workers) {
        List<JobRecord<K, M, R>> moving = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < workers; i++) {
            total += all[i].depth();
        }
        GrowRebalance rule = router.growRebalance();
        int fairShare = GrowRebalance.fairShare(total, workers);
        for (int i = 0; i < previous; i++) {
            WorkerSlot<K, M, R> slot = all[i];
            Leftovers leftovers = new Leftovers();
            List<JobRecord<K, M, R>> surplus;
            synchronized (slot) {
                drainInboxLocked(slot, leftovers, null);
                if (rule == GrowRebalance.ROUTE_AGAIN) {
                    surplus = slot.queue.drain(); // sorted out below, without the lock: the function is user code
                } else {
                    surplus = new ArrayList<>();
                    while (slot.queue.size() > fairShare) {
                        surplus.add(slot.queue.pollVictim(DiscardMode.NEWEST)); // newest of the lowest level first
                    }
                    java.util.Collections.reverse(surplus);
                }
                slot.updateQueued();
            }
            leftovers.settle();
            if (rule == GrowRebalance.ROUTE_AGAIN) {
                List<JobRecord<K, M, R>> staying = new ArrayList<>();
                for (JobRecord<K, M, R> job : surplus) {
                    (select(job, workers) == slot ? staying : moving).add(job);
                }
                boolean putBack;
                synchronized (slot) {
                    putBack = !closed;
                    for (int j = staying.size() - 1; putBack && j >= 0; j--) {
                        slot.queue.addFirst(staying.get(j)); // ahead of whatever arrived meanwhile, in order
                    }
                    slot.updateQueued();
                }
                if (!putBack) {
                    staying.forEach(job -> factory.outcomes().discard(job, DiscardReason.SHUTDOWN));
                } else if (!staying.isEmpty()) {
                    wake(slot);
                }
            } else {
                moving.addAll(surplus);
            }
        }
        int next = 0;
        for (JobRecord<K, M, R> job : moving) {
            WorkerSlot<K, M, R> target = rule == GrowRebalance.ROUTE_AGAIN ? select(job, workers)
                    : all[GrowRebalance.newWorkerFor(next++, previous, workers)];
            if (offerLocked(target, job, false) != Outcome.QUEUED) {
                factory.outcomes().reroute(job); // resized again, closed or full meanwhile: route it like a new job
            }
        }
    }

    /** Deactivates a slot; without buckets, its queued jobs are routed again. */
    private void retire(WorkerSlot<K, M, R> slot) {
        Leftovers leftovers = new Leftovers();
        boolean wake;
        synchronized (slot) {
            slot.retireLocked();
            drainInboxLocked(slot, leftovers, null);
            if (table == null) {
                slot.queue.drain().forEach(leftovers::reroute); // key-persistent: moved by rebalancing
            }
            slot.updateQueued();
            wake = slot.scheduleNowLocked(); // let its own runner stop the worker instance and end
        }
        if (wake) {
            slot.signal();
        }
        leftovers.settle();
    }

    /** Carries out a plan of bucket moves (key-persistent resize); serialised by the factory's resize lock. */
    private void rebalanceBuckets(RebalancePlan plan) {
        // forget plans a previous resize deferred: the new plan is made from the current owners
        for (WorkerSlot<K, M, R> slot : all) {
            synchronized (slot) {
                slot.takeDeferredMovesLocked();
            }
        }
        for (RebalancePlan.Move move : plan.moves()) {
            moveBuckets(all[move.from()], all[move.to()], move.buckets(), true);
        }
    }

    /** The id of the slot owning {@code bucket} (key-persistent routing; for tests and diagnostics). */
    int ownerIdOf(int bucket) {
        return table.ownerOf(bucket);
    }

    /**
     * Moves buckets from one slot to another under both locks (lower id first). The bucket {@code from} holds is
     * deferred when {@code deferBusy}; the runner of {@code from} moves it before its next job.
     */
    private void moveBuckets(WorkerSlot<K, M, R> from, WorkerSlot<K, M, R> to, Set<Integer> buckets,
            boolean deferBusy) {
        WorkerSlot<K, M, R> first = from.id < to.id ? from : to;
        WorkerSlot<K, M, R> second = first == from ? to : from;
        Leftovers leftovers = new Leftovers();
        boolean wakeTo = false;
        boolean wakeFrom = false;
        synchronized (first) {
            synchronized (second) {
                Set<Integer> moving = new HashSet<>();
                for (int b : buckets) {
                    if (table.ownerOf(b) != from.id) {
                        continue;
                    }
                    if (from.holdsBucketLocked(b) && deferBusy) {
                        from.deferredMovesForUpdate().put(b, to);
                    } else {
                        moving.add(b);
                        table.assign(b, to.id); // first: a later pusher sees the new owner
                    }
                }
                drainInboxLocked(from, leftovers, moving);
                if (!moving.isEmpty()) {
                    List<JobRecord<K, M, R>> moved = from.queue.removeIf(job -> moving.contains(job.bucket));
                    for (JobRecord<K, M, R> job : moved) {
                        to.queue.add(job);
                    }
                    from.updateQueued();
                    to.updateQueued();
                    wakeTo = !moved.isEmpty() && to.scheduleLocked();
                }
                if (!from.isActiveLocked() && from.queue.isEmpty() && !from.hasDeferredMovesLocked()) {
                    wakeFrom = from.scheduleNowLocked(); // let its runner stop the retired worker instance and end
                }
            }
        }
        if (wakeTo) {
            to.signal();
        }
        if (wakeFrom) {
            from.signal();
        }
        leftovers.settle();
    }

    @Override
    void runDeferredMoves(WorkerSlot<K, M, R> slot) {
        synchronized (factory.resizeLock()) {
            Map<Integer, WorkerSlot<K, M, R>> moves;
            synchronized (slot) {
                moves = slot.takeDeferredMovesLocked();
            }
            if (moves == null) {
                return;
            }
            Map<WorkerSlot<K, M, R>, Set<Integer>> byTarget = new HashMap<>();
            moves.forEach((bucket, to) -> byTarget.computeIfAbsent(to, key -> new HashSet<>()).add(bucket));
            byTarget.forEach((to, buckets) -> moveBuckets(slot, to, buckets, false));
        }
    }

    @Override
    void hold(boolean hold) {
        WorkerSlot<K, M, R> first = all[0];
        boolean signal;
        synchronized (first) {
            held = hold;
            signal = first.scheduleNowLocked(); // held: stop the instance and park; released: take the queue
        }
        if (signal) {
            first.signal();
        }
    }

    @Override
    List<JobRecord<K, M, R>> shedOverLimit() {
        List<JobRecord<K, M, R>> shed = new ArrayList<>();
        for (WorkerSlot<K, M, R> slot : all) {
            Leftovers leftovers = new Leftovers();
            synchronized (slot) {
                if (closed) {
                    return shed;
                }
                drainInboxLocked(slot, leftovers, null);
                int limit = limitOf(slot);
                while (slot.queue.size() > limit) {
                    JobRecord<K, M, R> victim = slot.queue.pollVictim(factory.discardMode()); // lowest level first
                    if (victim == null) {
                        break;
                    }
                    shed.add(victim);
                }
                slot.updateQueued();
            }
            leftovers.settle();
        }
        return shed;
    }

    // ------------------------------------------------------------------ observing and closing

    @Override
    int queueDepth() {
        int depth = 0;
        for (WorkerSlot<K, M, R> slot : all) {
            depth += slot.depth();
        }
        return depth;
    }

    @Override
    long availableCapacity() {
        long capacity = 0;
        int n = count;
        for (int i = 0; i < n; i++) {
            WorkerSlot<K, M, R> slot = all[i];
            synchronized (slot) {
                capacity += Math.max(0, (long) limitOf(slot) - slot.queue.size());
            }
        }
        return capacity;
    }

    @Override
    List<JobRecord<K, M, R>> closeAndRemoveAll() {
        closed = true;
        List<JobRecord<K, M, R>> removed = new ArrayList<>();
        for (WorkerSlot<K, M, R> slot : all) {
            Leftovers leftovers = new Leftovers();
            synchronized (slot) {
                drainInboxLocked(slot, leftovers, null);
                removed.addAll(slot.queue.drain());
                slot.updateQueued();
            }
            if (leftovers.shutdown != null) {
                removed.addAll(leftovers.shutdown);
            }
        }
        return removed;
    }

    @Override
    List<JobRecord<K, M, R>> removeQueued(java.util.function.Predicate<? super JobRecord<K, M, R>> which) {
        List<JobRecord<K, M, R>> removed = new ArrayList<>();
        for (WorkerSlot<K, M, R> slot : all) {
            Leftovers leftovers = new Leftovers();
            synchronized (slot) {
                drainInboxLocked(slot, leftovers, null); // jobs behind a busy worker may still sit in its inbox
                if (!slot.queue.isEmpty()) {
                    removed.addAll(slot.queue.removeIf(which));
                    slot.updateQueued();
                }
            }
            leftovers.settle();
        }
        return removed;
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
