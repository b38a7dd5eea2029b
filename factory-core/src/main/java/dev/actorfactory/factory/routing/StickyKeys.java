package dev.actorfactory.factory.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * Sticky-queuer routing's decisions: which worker a key is bound to while it has jobs running or waiting there.
 *
 * <p>Each key with queued or running jobs has an entry: how many of its jobs wait in the factory's shared queue,
 * and the worker its other jobs are bound to (running, or waiting in that worker's private queue). A new job goes
 * straight to the bound worker only when none of its key's jobs waits in the shared queue; otherwise it joins the
 * shared queue behind them. A worker taking a shared job binds its key if it is unbound, runs it if it is bound to
 * itself, and forwards it to the bound worker otherwise; a worker serves its private queue first. Hence a private
 * queue only ever holds jobs older than any shared job of the same key, one key's jobs never run concurrently, and
 * they run in submission order. A key is forgotten once none of its jobs waits or runs.
 *
 * <p>Threads: not thread-safe; the engine calls every method under the lock that guards its queues.
 */
public final class StickyKeys {

    /** No worker: the key is not bound. */
    public static final int UNBOUND = -1;

    private final Map<Object, Entry> keys = new HashMap<>();

    private static final class Entry {
        int shared;
        int worker = UNBOUND;
        int bound;
    }

    /**
     * A new job of {@code key} arrives: returns the worker whose private queue it joins (counted as bound there),
     * or {@link #UNBOUND} if it joins the shared queue (counted as waiting there).
     */
    public int arrive(Object key) {
        Entry entry = keys.get(key);
        if (entry != null && entry.worker != UNBOUND && entry.shared == 0) {
            entry.bound++;
            return entry.worker;
        }
        if (entry == null) {
            entry = new Entry();
            keys.put(key, entry);
        }
        entry.shared++;
        return UNBOUND;
    }

    /**
     * {@code worker} took a job of {@code key} from the shared queue: returns the worker that must run it —
     * {@code worker} itself if the key was unbound (it is now bound there) or bound to it, else the worker the key
     * is bound to (the caller forwards the job to that worker's private queue).
     */
    public int takeShared(Object key, int worker) {
        Entry entry = keys.get(key);
        entry.shared--;
        if (entry.worker == UNBOUND) {
            entry.worker = worker;
        }
        entry.bound++;
        return entry.worker;
    }

    /** A job of {@code key} bound to a worker ended, or left its private queue for good (expired, removed). */
    public void boundJobLeft(Object key) {
        Entry entry = keys.get(key);
        if (entry != null && --entry.bound == 0) {
            entry.worker = UNBOUND;
            if (entry.shared == 0) {
                keys.remove(key);
            }
        }
    }

    /** A job of {@code key} left the shared queue without being bound (shed, expired, removed at shutdown). */
    public void sharedJobLeft(Object key) {
        Entry entry = keys.get(key);
        if (entry != null && --entry.shared == 0 && entry.worker == UNBOUND) {
            keys.remove(key);
        }
    }

    /** The number of keys with jobs waiting or running (for tests and diagnostics). */
    public int size() {
        return keys.size();
    }
}
