package dev.actorfactory.factory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * A lock-free, allocation-free inbox of jobs: submitters push with one CAS (an intrusive Treiber stack linked
 * through {@link JobRecord#next}); the holder of the owning lock takes everything at once and gets it back in push
 * order. This keeps the submit hot path free of locks: all queueing decisions (priorities, shedding, key binding,
 * moves) happen under the lock when the inbox is drained.
 *
 * <p>Threads: {@link #push} from any thread; {@link #drain} only by the holder of the lock that guards the queue
 * the inbox feeds (so there is one consumer at a time). {@link #isEmpty} from any thread (a hint).
 */
final class Inbox<K, M, R> {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(Inbox.class, "head", JobRecord.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    private volatile @Nullable JobRecord<K, M, R> head;

    /** Adds a job (a full fence: a later read of the consumer's idle flag cannot be reordered before it). */
    void push(JobRecord<K, M, R> job) {
        JobRecord<K, M, R> current;
        do {
            current = head;
            job.next = current;
        } while (!HEAD.compareAndSet(this, current, job));
    }

    /** Whether no job waits (racy hint). */
    boolean isEmpty() {
        return head == null;
    }

    /**
     * Takes every pushed job, oldest first, as a list linked through {@link JobRecord#next}; {@code null} if
     * empty. Caller holds the owning lock.
     */
    @Nullable JobRecord<K, M, R> drain() {
        if (head == null) {
            return null; // a plain read is far cheaper than an atomic swap when, as usual, nothing is waiting
        }
        @SuppressWarnings("unchecked")
        JobRecord<K, M, R> newest = (JobRecord<K, M, R>) HEAD.getAndSet(this, null);
        JobRecord<K, M, R> oldest = null;
        while (newest != null) { // reverse the stack into push order
            JobRecord<K, M, R> next = newest.next;
            newest.next = oldest;
            oldest = newest;
            newest = next;
        }
        return oldest;
    }
}
