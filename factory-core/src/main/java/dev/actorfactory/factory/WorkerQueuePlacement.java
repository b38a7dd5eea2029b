package dev.actorfactory.factory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.queue.JobQueue;
import dev.actorfactory.factory.routing.CustomHashFunction;
import dev.actorfactory.factory.routing.RoutingMode;

/**
 * Jobs queue at the workers: key-persistent, round-robin, random and custom-hash routing.
 *
 * <p>Each slot's queue is guarded by the slot's own lock, so submitters of different workers never contend, and
 * the dispatch hot path is: pick a slot, lock it, append, unlock, and wake the slot if it was idle.
 *
 * <h2>Key-persistent routing and resizing</h2>
 * A key hashes to one of a fixed number of buckets; {@link #owners} maps each bucket to a slot. The invariant that
 * keeps per-key order across resizes: <em>every queued or running job of bucket b is in slot
 * {@code owners[b]}</em>. A submitter re-checks {@code owners[b]} under the slot's lock before appending (and
 * retries if the bucket moved); a move of bucket b from slot A to slot B happens under both slots' locks, only while
 * A is not running a job of b, and carries A's queued b-jobs, in order, to B (which has none of b). When A is
 * running a b-job at resize time, the move is deferred until that job ends; A performs it itself before taking
 * its next job. Moves happen under the factory's resize lock.
 */
final class WorkerQueuePlacement<K, M, R> extends Placement<K, M, R> {

    private final RoutingMode routing;
    private final @Nullable CustomHashFunction<? super K> customHash;
    private final List<WorkerSlot<K, M, R>> slots = new ArrayList<>();
    private final WorkerSlot<K, M, R>[] all;
    private final @Nullable WorkerSlot<K, M, R>[] owners;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile int count;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    WorkerQueuePlacement(Factory<K, M, R> factory) {
        super(factory);
        FactorySettings<K, M, R> settings = factory.settings();
        this.routing = settings.routing();
        this.customHash = settings.customHash();
        this.all = new WorkerSlot[settings.maxWorkers()];
        for (int i = 0; i < all.length; i++) {
            all[i] = new WorkerSlot<>(i, factory, null, new JobQueue<>(settings.queueKind()));
            slots.add(all[i]);
        }
        this.owners = routing == RoutingMode.KEY_PERSISTENT ? new WorkerSlot[Factory.bucketCount(all.length)] : null;
    }

    // ------------------------------------------------------------------ submitting

    @Override
    @Nullable DiscardReason offer(JobRecord<K, M, R> job, boolean mayShed) {
        while (true) {
            int n = count;
            WorkerSlot<K, M, R> first = select(job, n);
            WorkerSlot<K, M, R> target = first;
            if (routing == RoutingMode.ROUND_ROBIN || routing == RoutingMode.RANDOM) {
                // ergo's pool: a full worker queue sends the job on to the next worker
                for (int i = 1; i < n && isFull(target); i++) {
                    target = all[(first.id + i) % n];
                }
                if (isFull(target)) {
                    target = first;
                }
            }
            Outcome outcome = offerTo(target, job, mayShed);
            if (outcome != Outcome.MOVED) {
                return outcome.reason;
            }
        }
    }

    private boolean isFull(WorkerSlot<K, M, R> slot) {
        return slot.queued() >= factory.queueLimit();
    }

    private WorkerSlot<K, M, R> select(JobRecord<K, M, R> job, int n) {
        switch (routing) {
            case KEY_PERSISTENT:
                return owners[job.bucket];
            case ROUND_ROBIN:
                return all[(roundRobin.getAndIncrement() & Integer.MAX_VALUE) % n];
            case RANDOM:
                return all[ThreadLocalRandom.current().nextInt(n)];
            case CUSTOM_HASH:
                return all[Math.floorMod(customHash.workerFor(job.key, n), n)];
            default:
                throw new IllegalStateException("not a worker-queued routing: " + routing);
        }
    }

    private enum Outcome {
        QUEUED(null), MOVED(null), SHED(DiscardReason.LOAD_SHED), CLOSED(DiscardReason.SHUTDOWN);

        final @Nullable DiscardReason reason;

        Outcome(@Nullable DiscardReason reason) {
            this.reason = reason;
        }
    }

    private Outcome offerTo(WorkerSlot<K, M, R> slot, JobRecord<K, M, R> job, boolean mayShed) {
        JobRecord<K, M, R> victim = null;
        boolean wake;
        synchronized (slot) {
            if (closed) {
                return Outcome.CLOSED;
            }
            if (owners != null ? owners[job.bucket] != slot : !slot.active) {
                return Outcome.MOVED; // resized meanwhile: route again
            }
            if (slot.queue.size() >= factory.queueLimit()) {
                if (!mayShed) {
                    return Outcome.SHED;
                }
                victim = chooseVictim(slot.queue, job, factory.settings().discardMode());
                if (victim == job) {
                    return Outcome.SHED;
                }
            }
            job.routedAt = job.acceptedAt;
            slot.queue.add(job);
            slot.updateQueued();
            wake = !slot.scheduled && slot.pausedUntil == 0;
            if (wake) {
                slot.scheduled = true;
            }
        }
        if (victim != null) {
            factory.accounting().discard(victim, DiscardReason.LOAD_SHED);
        }
        if (wake) {
            slot.signal();
        }
        return Outcome.QUEUED;
    }

    // ------------------------------------------------------------------ running

    @Override
    @Nullable JobRecord<K, M, R> take(WorkerSlot<K, M, R> slot, boolean release) {
        List<JobRecord<K, M, R>> expired = null;
        JobRecord<K, M, R> job;
        boolean wentIdle = false;
        synchronized (slot) {
            if (slot.pausedUntil != 0 && !closed) {
                if (System.nanoTime() - slot.pausedUntil < 0) {
                    slot.scheduled = false; // the runner parks until the pause ends
                    return null;
                }
                slot.pausedUntil = 0;
            }
            while (true) {
                job = slot.queue.poll();
                if (job == null || job.ttlNanos == 0 || !job.isExpired(System.nanoTime())) {
                    break;
                }
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(job);
            }
            slot.updateQueued();
            slot.heldBucket = job == null ? -1 : job.bucket;
            if (job == null) {
                if (!slot.active && slot.hasLiveWorker()) {
                    return discardAndReturn(expired, retireSignal());
                }
                if (!slot.active && (slot.deferredMoves == null || slot.deferredMoves.isEmpty())) {
                    slot.runnerAlive = false;
                    slot.scheduled = false;
                    return discardAndReturn(expired, exitSignal());
                }
                if (!release) {
                    return discardAndReturn(expired, nothing());
                }
                slot.scheduled = false;
                wentIdle = true;
            } else {
                slot.startJob(job);
            }
        }
        discardExpired(expired);
        factory.queueSpaceFreed();
        if (wentIdle) {
            factory.slotWentIdle();
        }
        return job;
    }

    @Override
    boolean hasWorkHint(WorkerSlot<K, M, R> slot) {
        return slot.queued() > 0;
    }

    @SuppressWarnings("unchecked")
    private JobRecord<K, M, R> exitSignal() {
        return (JobRecord<K, M, R>) EXIT_SIGNAL;
    }

    @SuppressWarnings("unchecked")
    private JobRecord<K, M, R> nothing() {
        return (JobRecord<K, M, R>) NOTHING;
    }

    @SuppressWarnings("unchecked")
    private JobRecord<K, M, R> retireSignal() {
        return (JobRecord<K, M, R>) RETIRE_SIGNAL;
    }

    private JobRecord<K, M, R> discardAndReturn(@Nullable List<JobRecord<K, M, R>> expired,
            JobRecord<K, M, R> result) {
        discardExpired(expired);
        return result;
    }

    private void discardExpired(@Nullable List<JobRecord<K, M, R>> expired) {
        if (expired != null) {
            for (JobRecord<K, M, R> job : expired) {
                factory.accounting().discard(job, DiscardReason.TTL_EXPIRED);
            }
        }
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
                slot.pausedUntil = Math.max(slot.pausedUntil, System.nanoTime() + delayNanos);
            }
            return true;
        }
    }

    @Override
    void pause(WorkerSlot<K, M, R> slot, long delayNanos) {
        synchronized (slot) {
            slot.pausedUntil = Math.max(slot.pausedUntil, System.nanoTime() + delayNanos);
        }
    }

    @Override
    void wake(WorkerSlot<K, M, R> slot) {
        boolean wake;
        synchronized (slot) {
            if (slot.pausedUntil != 0 && System.nanoTime() - slot.pausedUntil < 0) {
                return;
            }
            wake = !slot.scheduled && !closed;
            if (wake) {
                slot.scheduled = true;
            }
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
                all[i].active = true;
                all[i].claimRunner();
            }
        }
        if (owners != null) {
            for (int b = 0; b < owners.length; b++) {
                owners[b] = all[b % workers];
            }
        }
        count = workers;
    }

    @Override
    void resize(int workers) {
        int previous = count;
        List<WorkerSlot<K, M, R>> needRunner = new ArrayList<>();
        for (int i = previous; i < workers; i++) {
            synchronized (all[i]) {
                all[i].active = true;
                if (all[i].claimRunner()) {
                    needRunner.add(all[i]);
                }
            }
        }
        needRunner.forEach(WorkerSlot::startRunner); // before buckets move to them
        if (owners != null) {
            rebalanceBuckets(workers);
        }
        count = workers;
        for (int i = workers; i < previous; i++) {
            retire(all[i]);
        }
    }

    /** Deactivates a slot; its queued jobs are routed again (non-key-persistent routing only has no buckets). */
    private void retire(WorkerSlot<K, M, R> slot) {
        List<JobRecord<K, M, R>> orphans;
        boolean wake;
        synchronized (slot) {
            slot.active = false;
            orphans = owners == null ? slot.queue.drain() : List.of(); // key-persistent: moved by rebalancing
            slot.updateQueued();
            wake = !slot.scheduled;
            if (wake) {
                slot.scheduled = true; // let its own runner stop the worker instance and end
            }
        }
        if (wake) {
            slot.signal();
        }
        for (JobRecord<K, M, R> orphan : orphans) {
            factory.reroute(orphan);
        }
    }

    private void rebalanceBuckets(int workers) {
        // forget plans a previous resize deferred: the new plan is made from the current owners
        for (WorkerSlot<K, M, R> slot : all) {
            synchronized (slot) {
                slot.deferredMoves = null;
            }
        }
        int buckets = owners.length;
        int[] held = new int[all.length];
        for (WorkerSlot<K, M, R> owner : owners) {
            held[owner.id]++;
        }
        List<Integer> homeless = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            int owner = owners[b].id;
            if (owner >= workers || held[owner] > quota(owner, workers, buckets)) {
                held[owner]--;
                homeless.add(b);
            }
        }
        Map<Long, List<Integer>> movesByPair = new HashMap<>();
        int target = 0;
        for (int b : homeless) {
            while (held[target] >= quota(target, workers, buckets)) {
                target++;
            }
            held[target]++;
            long pair = ((long) owners[b].id << 32) | target;
            movesByPair.computeIfAbsent(pair, key -> new ArrayList<>()).add(b);
        }
        for (Map.Entry<Long, List<Integer>> entry : movesByPair.entrySet()) {
            WorkerSlot<K, M, R> from = all[(int) (entry.getKey() >>> 32)];
            WorkerSlot<K, M, R> to = all[(int) (long) entry.getKey()];
            moveBuckets(from, to, new HashSet<>(entry.getValue()), true);
        }
    }

    private static int quota(int slot, int workers, int buckets) {
        return buckets / workers + (slot < buckets % workers ? 1 : 0);
    }

    /**
     * Moves buckets from one slot to another under both locks (lower id first). A bucket whose job is running on
     * {@code from} is deferred when {@code deferBusy}; the runner of {@code from} moves it after that job.
     */
    private void moveBuckets(WorkerSlot<K, M, R> from, WorkerSlot<K, M, R> to, Set<Integer> buckets,
            boolean deferBusy) {
        WorkerSlot<K, M, R> first = from.id < to.id ? from : to;
        WorkerSlot<K, M, R> second = first == from ? to : from;
        boolean wakeTo = false;
        boolean wakeFrom = false;
        synchronized (first) {
            synchronized (second) {
                // the bucket of the job the runner took last stays until its next take: that job may be
                // running, or on its way back to the head of the queue for a retry
                int held = from.heldBucket;
                Set<Integer> moving = new HashSet<>();
                for (int b : buckets) {
                    if (owners[b] != from) {
                        continue;
                    }
                    if (held == b && deferBusy) {
                        from.deferredMovesForUpdate().put(b, to);
                    } else {
                        moving.add(b);
                        owners[b] = to;
                    }
                }
                if (!moving.isEmpty()) {
                    List<JobRecord<K, M, R>> moved = from.queue.removeIf(job -> moving.contains(job.bucket));
                    for (JobRecord<K, M, R> job : moved) {
                        to.queue.add(job);
                    }
                    from.updateQueued();
                    to.updateQueued();
                    if (!moved.isEmpty() && !to.scheduled && to.pausedUntil == 0) {
                        to.scheduled = true;
                        wakeTo = true;
                    }
                }
                if (!from.active && !from.scheduled && from.queue.isEmpty()
                        && (from.deferredMoves == null || from.deferredMoves.isEmpty())) {
                    from.scheduled = true; // let its runner stop the retired worker instance and end
                    wakeFrom = true;
                }
            }
        }
        if (wakeTo) {
            to.signal();
        }
        if (wakeFrom) {
            from.signal();
        }
    }

    @Override
    void runDeferredMoves(WorkerSlot<K, M, R> slot) {
        synchronized (factory.resizeLock()) {
            Map<Integer, WorkerSlot<K, M, R>> moves;
            synchronized (slot) {
                moves = slot.deferredMoves;
                slot.deferredMoves = null;
            }
            if (moves == null) {
                return;
            }
            Map<WorkerSlot<K, M, R>, Set<Integer>> byTarget = new HashMap<>();
            moves.forEach((bucket, to) -> byTarget.computeIfAbsent(to, key -> new HashSet<>()).add(bucket));
            byTarget.forEach((to, buckets) -> moveBuckets(slot, to, buckets, false));
        }
    }

    // ------------------------------------------------------------------ observing and closing

    @Override
    int queueDepth() {
        int depth = 0;
        for (WorkerSlot<K, M, R> slot : all) {
            depth += slot.queued();
        }
        return depth;
    }

    @Override
    int idleWorkers() {
        int idle = 0;
        int n = count;
        for (int i = 0; i < n; i++) {
            if (all[i].runningJob() == null && all[i].queued() == 0) {
                idle++;
            }
        }
        return idle;
    }

    @Override
    List<JobRecord<K, M, R>> closeAndRemoveAll() {
        closed = true;
        List<JobRecord<K, M, R>> removed = new ArrayList<>();
        for (WorkerSlot<K, M, R> slot : all) {
            synchronized (slot) {
                removed.addAll(slot.queue.drain());
                slot.updateQueued();
            }
        }
        return removed;
    }

    @Override
    List<JobRecord<K, M, R>> removeExpired(long now) {
        List<JobRecord<K, M, R>> expired = new ArrayList<>();
        for (WorkerSlot<K, M, R> slot : all) {
            synchronized (slot) {
                if (!slot.queue.isEmpty()) {
                    expired.addAll(slot.queue.removeIf(job -> job.isExpired(now)));
                    slot.updateQueued();
                }
            }
        }
        return expired;
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
