package dev.actorfactory.factory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.clock.FactoryClock;

/**
 * Jobs accepted for later until they come due ({@code dispatchAfter}, {@code dispatchAt}) or are released
 * ({@link PreparedJob}s, held without a due time). They are ordered by due
 * time, then by acceptance, and routed like a retry (counted once, when they were submitted) as they come due: so
 * jobs of one key run in the order of their due times, and jobs due at the same time in the order they were
 * accepted. One wake-up at a time waits on the factory's scheduler for the earliest due time; with a manual
 * {@link FactoryClock}, the clock's {@code advance} routes what came due instead.
 *
 * <p>Threads: any. The queue, the sequence and the pending wake-up are guarded by this object's lock, which is
 * never held while routing, discarding or calling user code.
 */
final class DelayedJobs<K, M, R> {

    private record Entry<K, M, R>(long dueAt, long sequence, JobRecord<K, M, R> job) {
    }

    private final Factory<K, M, R> factory;
    private final FactoryClock clock;
    private final PriorityQueue<Entry<K, M, R>> byDue = new PriorityQueue<>((a, b) -> {
        long order = a.dueAt - b.dueAt; // overflow-safe, like nanoTime differences
        return order != 0 ? (order < 0 ? -1 : 1) : Long.compare(a.sequence, b.sequence);
    });
    /** Prepared jobs, held until released or cancelled. */
    private final java.util.Set<JobRecord<K, M, R>> held = new java.util.LinkedHashSet<>();
    private long sequence;
    private boolean closed;
    private @Nullable ScheduledFuture<?> wake;
    private long wakeAt;
    private volatile FactoryClock.@Nullable Registration advancing;

    DelayedJobs(Factory<K, M, R> factory, FactoryClock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    /** The factory started: a manual clock's advances now route due jobs. */
    void start() {
        if (clock.isManual()) {
            advancing = clock.onAdvance(this::routeDue);
        }
    }

    /** The time now, by the factory's clock. */
    long now() {
        return clock.nanoTime();
    }

    /**
     * Keeps {@code job} until {@code dueAt} (a time of {@link #now()}); {@code false} if the factory no longer takes
     * delayed jobs (the caller discards it).
     */
    boolean add(JobRecord<K, M, R> job, long dueAt) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            byDue.add(new Entry<>(dueAt, sequence++, job));
            if (!clock.isManual() && (wake == null || dueAt - wakeAt < 0)) {
                scheduleWakeLocked(dueAt);
            }
        }
        return true;
    }

    /** Holds a prepared job until {@link #release}; {@code false} if the factory no longer takes jobs. */
    synchronized boolean hold(JobRecord<K, M, R> job) {
        if (closed) {
            return false;
        }
        held.add(job);
        return true;
    }

    /** Takes a prepared job out of the hold (to route or to cancel it); {@code false} if it is not held any more. */
    synchronized boolean release(JobRecord<K, M, R> job) {
        return held.remove(job);
    }

    /** Routes every job that is due now (scheduler thread, or the thread advancing a manual clock). */
    void routeDue() {
        List<JobRecord<K, M, R>> due = new ArrayList<>();
        synchronized (this) {
            long now = clock.nanoTime();
            Entry<K, M, R> first;
            while ((first = byDue.peek()) != null && first.dueAt - now <= 0) {
                due.add(byDue.poll().job);
            }
            wake = null;
            if (first != null && !closed && !clock.isManual()) {
                scheduleWakeLocked(first.dueAt);
            }
        }
        for (JobRecord<K, M, R> job : due) {
            if (factory.timed || job.ttlNanos > 0) {
                job.acceptedAt = System.nanoTime(); // queue time and time-to-live count from when it came due
            }
            factory.outcomes().reroute(job);
        }
    }

    private void scheduleWakeLocked(long dueAt) {
        ScheduledFuture<?> previous = wake;
        if (previous != null) {
            previous.cancel(false);
        }
        wakeAt = dueAt;
        wake = factory.housekeeping().scheduleCancellable(this::routeDue, Math.max(0, dueAt - clock.nanoTime()));
    }

    /** Removes the delayed job {@code jobId}; {@code null} if it is not waiting here (a cancel). */
    synchronized @Nullable JobRecord<K, M, R> remove(long jobId) {
        for (Iterator<JobRecord<K, M, R>> it = held.iterator(); it.hasNext(); ) {
            JobRecord<K, M, R> job = it.next();
            if (job.id == jobId) {
                it.remove();
                return job;
            }
        }
        for (Iterator<Entry<K, M, R>> it = byDue.iterator(); it.hasNext(); ) {
            Entry<K, M, R> entry = it.next();
            if (entry.job.id == jobId) {
                it.remove();
                return entry.job;
            }
        }
        return null;
    }

    /** Removes every delayed job (the caller discards them); with {@code close}, later adds are refused. */
    List<JobRecord<K, M, R>> removeAll(boolean close) {
        List<JobRecord<K, M, R>> removed = new ArrayList<>();
        synchronized (this) {
            closed |= close;
            Entry<K, M, R> entry;
            while ((entry = byDue.poll()) != null) {
                removed.add(entry.job);
            }
            removed.addAll(held);
            held.clear();
            if (wake != null) {
                wake.cancel(false);
                wake = null;
            }
        }
        FactoryClock.Registration registration = advancing;
        if (close && registration != null) {
            registration.remove();
        }
        return removed;
    }

    /** Delayed jobs not due yet (or due and about to be routed), and prepared jobs held. */
    synchronized int size() {
        return byDue.size() + held.size();
    }
}
