package dev.actorfactory.factory.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.job.Job;

/**
 * The job queue a factory keeps per worker or per factory: one FIFO deque per priority level, served highest
 * level first. Used by the factory engine.
 *
 * <p>Threads: not thread-safe. The factory guards every queue by a lock; no user code runs under it.
 *
 * @param <J> the job type
 */
public final class JobQueue<J extends Job<?, ?>> {

    private final ArrayDeque<J>[] levels;
    private int size;
    /** Weighted serving: each level's weight; {@code null} for strict priority. */
    private final int @Nullable [] weights;
    /** Weighted serving: each level's current credit (smooth weighted round robin). */
    private final long @Nullable [] credits;

    /** Creates an empty queue of the given kind. */
    @SuppressWarnings("unchecked")
    public JobQueue(QueueKind kind) {
        levels = new ArrayDeque[kind.levels()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = new ArrayDeque<>();
        }
        if (kind.isWeighted()) {
            weights = kind.weights().stream().mapToInt(Integer::intValue).toArray();
            credits = new long[levels.length];
        } else {
            weights = null;
            credits = null;
        }
    }

    /** Number of queued jobs. */
    public int size() {
        return size;
    }

    /** Whether the queue is empty. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Appends a job at the tail of its priority level. */
    public void add(J job) {
        levels[level(job)].addLast(job);
        size++;
    }

    /** Puts a job back at the head of its priority level (a retry keeps its place). */
    public void addFirst(J job) {
        levels[level(job)].addFirst(job);
        size++;
    }

    /**
     * Removes and returns the next job: the oldest of the highest non-empty level (strict), or of the level whose
     * turn it is (weighted).
     */
    public @Nullable J poll() {
        if (weights != null) {
            return pollWeighted(null);
        }
        for (int i = levels.length - 1; i >= 0; i--) {
            J job = levels[i].pollFirst();
            if (job != null) {
                size--;
                return job;
            }
        }
        return null;
    }

    /**
     * Removes and returns the next job that {@code eligible} accepts: the oldest such job of the highest level
     * that has one. Jobs it skips keep their places.
     */
    public @Nullable J poll(Predicate<? super J> eligible) {
        if (weights != null) {
            return pollWeighted(eligible);
        }
        for (int i = levels.length - 1; i >= 0; i--) {
            for (Iterator<J> it = levels[i].iterator(); it.hasNext();) {
                J job = it.next();
                if (eligible.test(job)) {
                    it.remove();
                    size--;
                    return job;
                }
            }
        }
        return null;
    }

    /**
     * Smooth weighted round robin (as nginx balances upstreams): every non-empty level earns its weight, the level
     * with the most credit is served and pays the total; a level whose jobs are all ineligible is passed over for
     * the next one. A level that runs empty forgets its credit, so it cannot come back with a burst.
     */
    private @Nullable J pollWeighted(@Nullable Predicate<? super J> eligible) {
        int[] weight = weights;
        long[] credit = credits;
        long total = 0;
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].isEmpty()) {
                credit[i] = 0; // however it ran empty (taken, shed, expired, removed)
            } else {
                credit[i] += weight[i];
                total += weight[i];
            }
        }
        if (total == 0) {
            return null;
        }
        long tried = 0;
        while (true) {
            int best = -1;
            for (int i = levels.length - 1; i >= 0; i--) {
                if (!levels[i].isEmpty() && (tried & (1L << i)) == 0 && (best < 0 || credit[i] > credit[best])) {
                    best = i;
                }
            }
            if (best < 0) { // nothing eligible: take back this round's credits
                for (int i = 0; i < levels.length; i++) {
                    if (!levels[i].isEmpty()) {
                        credit[i] -= weight[i];
                    }
                }
                return null;
            }
            J job = eligible == null ? levels[best].pollFirst() : pollFirstEligible(levels[best], eligible);
            if (job != null) {
                size--;
                credit[best] -= total;
                return job;
            }
            tried |= 1L << best;
        }
    }

    private static <J> @Nullable J pollFirstEligible(ArrayDeque<J> level, Predicate<? super J> eligible) {
        for (Iterator<J> it = level.iterator(); it.hasNext();) {
            J job = it.next();
            if (eligible.test(job)) {
                it.remove();
                return job;
            }
        }
        return null;
    }

    /** The lowest level that holds a job, or -1 when empty. */
    public int lowestQueuedLevel() {
        for (int i = 0; i < levels.length; i++) {
            if (!levels[i].isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Removes the job load shedding should drop from the lowest non-empty level: its oldest for
     * {@link DiscardMode#OLDEST}, its newest for {@link DiscardMode#NEWEST}.
     */
    public @Nullable J pollVictim(DiscardMode mode) {
        int lowest = lowestQueuedLevel();
        if (lowest < 0) {
            return null;
        }
        size--;
        return mode == DiscardMode.OLDEST ? levels[lowest].pollFirst() : levels[lowest].pollLast();
    }

    /** Removes every job matching {@code filter}, returning them in queue order (highest level first). */
    public List<J> removeIf(Predicate<? super J> filter) {
        List<J> removed = new ArrayList<>();
        for (int i = levels.length - 1; i >= 0; i--) {
            for (Iterator<J> it = levels[i].iterator(); it.hasNext();) {
                J job = it.next();
                if (filter.test(job)) {
                    it.remove();
                    removed.add(job);
                }
            }
        }
        size -= removed.size();
        return removed;
    }

    /** Removes and returns all jobs in queue order. */
    public List<J> drain() {
        List<J> all = new ArrayList<>(size);
        J job;
        while ((job = poll()) != null) {
            all.add(job);
        }
        return all;
    }

    private int level(J job) {
        return Math.min(job.priority(), levels.length - 1);
    }
}
