package dev.actorfactory.factory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * The reply of a {@link FactoryRef#call call}: a {@link CompletableFuture} of the worker's result that also knows its
 * job. {@link #jobId()} names the job (as the listeners, handlers and logs do), and {@link #cancel} withdraws the job
 * if no worker has taken it yet.
 *
 * <p>Cancelling follows {@link Future#cancel}: afterwards the future is done and {@link #isCancelled()}. What
 * happens to the job depends on where it is:
 * <ul>
 *   <li>still queued (or waiting out a delay): it is withdrawn and never runs; it ends as discarded with reason
 *       {@link dev.actorfactory.factory.discard.DiscardReason#CANCELLED CANCELLED} (the discard handler sees it);</li>
 *   <li>taken by a worker: it runs on (the argument {@code mayInterruptIfRunning} is ignored, as in
 *       {@code CompletableFuture}) and is counted once when it ends — only its result is no longer delivered.</li>
 * </ul>
 *
 * <p>Dependent stages ({@code thenApply}, ...) are plain {@code CompletableFuture}s. Threads: any.
 *
 * @param <R> the result type
 */
public final class JobFuture<R> extends CompletableFuture<R> {

    /** No worker has taken the job and nothing has ended it: whoever claims it first decides its fate. */
    static final int OPEN = 0;
    /** A worker took the job: it runs (and may be retried); it can no longer be withdrawn. */
    static final int TAKEN = 1;
    /** Withdrawn (cancelled, timed out) before any worker took it. */
    static final int WITHDRAWN = 2;
    /** Ended while queued (expired, shed, stopped) before any worker took it. */
    static final int CLOSED = 3;

    private static final VarHandle CLAIM;

    static {
        try {
            CLAIM = MethodHandles.lookup().findVarHandle(JobFuture.class, "claim", int.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    private final Factory<?, ?, R> factory;
    private volatile int claim;
    /** Whether the job ended withdrawn (discarded as cancelled): set before this future completes. */
    private volatile boolean withdrawnJob;
    /** The job's first attempt; set by the factory before the future is handed out. */
    private @Nullable JobRecord<?, ?, R> job;
    /** The call's timeout on the factory's scheduler, cancelled when the job ends. */
    private volatile java.util.concurrent.@Nullable ScheduledFuture<?> timer;

    JobFuture(Factory<?, ?, R> factory) {
        this.factory = factory;
    }

    /** The id of the job (see {@link dev.actorfactory.factory.job.Job#id()}). */
    public long jobId() {
        JobRecord<?, ?, R> first = job;
        return first == null ? 0 : first.id;
    }

    /**
     * Withdraws the job if no worker has taken it (it is discarded as cancelled and never runs), else only cancels
     * this future; see the class comment.
     *
     * @return whether this future is now cancelled (it is, unless it had completed already)
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        JobRecord<?, ?, R> first = job;
        if (first != null && factory.withdraw(first, new CancellationException("job " + first.id
                + " of factory '" + factory.name() + "' was cancelled before a worker took it"))) {
            return true;
        }
        return super.cancel(mayInterruptIfRunning);
    }

    /**
     * Whether the job was withdrawn (by {@link #cancel}, {@link FactoryRef#cancel(long)} or a call's timeout) and
     * ended as discarded with reason cancelled instead of running to its end. {@code false} while the job is
     * pending, and for a job that ran, even if this future was cancelled or timed out meanwhile.
     */
    public boolean wasWithdrawn() {
        return withdrawnJob;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "JobFuture[job " + jobId() + ", " + super.toString() + "]";
    }

    // ------------------------------------------------------------------ the factory's side

    void bind(JobRecord<?, ?, R> first) {
        this.job = first;
    }

    void timer(java.util.concurrent.ScheduledFuture<?> timer) {
        this.timer = timer;
        if (isDone()) {
            timer.cancel(false); // ended before the timer was stored
        }
    }

    /** The job ends withdrawn (before this future completes). */
    void markWithdrawn() {
        withdrawnJob = true;
    }

    /** The job ended (the future is complete): its timeout is no longer needed. */
    void ended() {
        java.util.concurrent.ScheduledFuture<?> pending = timer;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /** A runner takes the job: {@code false} if it was withdrawn or ended while queued (the runner drops it). */
    boolean claimTaken() {
        int current = claim;
        return current == TAKEN || (current == OPEN && CLAIM.compareAndSet(this, OPEN, TAKEN));
    }

    /** A withdrawal: {@code true} if the job was open and is now withdrawn (the caller ends it). */
    boolean claimWithdrawn() {
        return claim == OPEN && CLAIM.compareAndSet(this, OPEN, WITHDRAWN);
    }

    /**
     * Someone ends the job (a runner, a killer, an expiry, a shed, a stop): {@code true} if it may — the job was
     * taken by a runner (whose run decides), or it was open and is now closed; {@code false} if it was withdrawn
     * or closed already (it has ended: leave it).
     */
    boolean claimEnd() {
        int current = claim;
        return current == TAKEN || (current == OPEN && CLAIM.compareAndSet(this, OPEN, CLOSED));
    }

    /** Whether a worker took the job (it can no longer be withdrawn, only a retry of it waiting in a queue). */
    boolean isTaken() {
        return claim == TAKEN;
    }

    /** Whether the job was withdrawn before a worker took it. */
    boolean isWithdrawn() {
        return claim == WITHDRAWN;
    }
}
