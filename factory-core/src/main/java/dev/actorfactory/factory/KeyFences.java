package dev.actorfactory.factory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Keys whose next job must not start yet, under key-ordered routing: while a killed attempt of the key may still
 * be inside the worker on its old thread (until it leaves, or its grace runs out), and while a retry of the key
 * waits out its backoff. A runner skips the jobs of a fenced key and serves other keys; when the fence lifts, the
 * factory wakes the runners so that the key's jobs go on in their order.
 *
 * <p>Threads: any thread. Each key's fence changes atomically ({@link ConcurrentHashMap#compute}); {@link #isEmpty}
 * is a cheap volatile read for the take path, so that a factory with no fence pays one read per take.
 */
final class KeyFences {

    /** Why one key is fenced; both reasons may hold at once. Guarded by the map's per-key atomicity. */
    private static final class Fence {
        /** The killed attempt that may still be inside the worker, or {@code null}. */
        @Nullable JobRecord<?, ?, ?> abandonedRun;
        /** When {@link #abandonedRun} was fenced ({@link System#nanoTime()}). */
        long abandonedAt;
        /** How many retry backoffs of the key are pending. */
        int backoffs;

        boolean isEmpty() {
            return abandonedRun == null && backoffs == 0;
        }
    }

    /** A killed attempt still inside its worker after its grace. */
    record Overdue(Object key, JobRecord<?, ?, ?> abandonedRun, long aliveNanos) {
    }

    private final ConcurrentHashMap<Object, Fence> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** Whether no key is fenced (the common case; a racy hint that never misses a fence set before the read). */
    boolean isEmpty() {
        return size.get() == 0;
    }

    /** Whether the jobs of {@code key} must wait. */
    boolean blocks(Object key) {
        return size.get() != 0 && byKey.containsKey(key);
    }

    /** Fences the key of {@code run}, an attempt about to be abandoned while it may be inside the worker. */
    void fenceAbandonedRun(JobRecord<?, ?, ?> run, long now) {
        byKey.compute(run.key, (key, fence) -> {
            Fence f = fence == null ? created() : fence;
            f.abandonedRun = run;
            f.abandonedAt = now;
            return f;
        });
    }

    /**
     * The abandoned attempt {@code run} left the worker (or never entered it): lifts its part of the fence.
     *
     * @return whether the key is no longer fenced (the caller wakes the runners)
     */
    boolean liftAbandonedRun(JobRecord<?, ?, ?> run) {
        boolean[] lifted = new boolean[1];
        byKey.computeIfPresent(run.key, (key, fence) -> {
            if (fence.abandonedRun != run) {
                return fence; // already lifted (its grace ran out), maybe fenced again for a later attempt
            }
            fence.abandonedRun = null;
            return keptUnlessEmpty(fence, lifted);
        });
        return lifted[0];
    }

    /** Fences {@code key} while a retry of it waits out a backoff; {@link #liftBackoff} lifts it when due. */
    void fenceBackoff(Object key) {
        byKey.compute(key, (k, fence) -> {
            Fence f = fence == null ? created() : fence;
            f.backoffs++;
            return f;
        });
    }

    /**
     * A backoff of {@code key} is over.
     *
     * @return whether the key is no longer fenced (the caller wakes the runners)
     */
    boolean liftBackoff(Object key) {
        boolean[] lifted = new boolean[1];
        byKey.computeIfPresent(key, (k, fence) -> {
            if (fence.backoffs > 0) {
                fence.backoffs--;
            }
            return keptUnlessEmpty(fence, lifted);
        });
        return lifted[0];
    }

    /**
     * Lifts the fences of killed attempts that are still inside their worker after {@code graceNanos}, and returns
     * them (to report: per-key exclusivity is no longer guaranteed for those keys while the old thread runs).
     */
    List<Overdue> liftOverdue(long now, long graceNanos) {
        if (isEmpty()) {
            return List.of();
        }
        List<Overdue> overdue = new ArrayList<>(0);
        for (Object key : byKey.keySet()) {
            byKey.computeIfPresent(key, (k, fence) -> {
                JobRecord<?, ?, ?> run = fence.abandonedRun;
                if (run == null || now - fence.abandonedAt <= graceNanos) {
                    return fence;
                }
                overdue.add(new Overdue(k, run, now - fence.abandonedAt));
                fence.abandonedRun = null;
                return keptUnlessEmpty(fence, null);
            });
        }
        return overdue;
    }

    /** Inside a compute: the fence, or {@code null} (removing the key) once no reason holds; notes the lift. */
    private @Nullable Fence keptUnlessEmpty(Fence fence, boolean @Nullable [] lifted) {
        if (!fence.isEmpty()) {
            return fence;
        }
        size.decrementAndGet();
        if (lifted != null) {
            lifted[0] = true;
        }
        return null;
    }

    private Fence created() {
        size.incrementAndGet();
        return new Fence();
    }
}
