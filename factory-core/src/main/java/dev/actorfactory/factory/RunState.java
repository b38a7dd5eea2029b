package dev.actorfactory.factory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The run-state machine of one worker slot, in one status word: who owns the job the slot's runner took, and
 * whether user code may still be called for it.
 *
 * <pre>
 *   IDLE --take(id)--> TAKEN(id) --start(id)--> RUNNING(id) --finish(id)--> IDLE
 *                        |   \--release(id)--> IDLE             |
 *                        \-------- abandon(id) --> IDLE <-------/
 * </pre>
 *
 * <p>Every ownership change is one atomic transition on the word, and each run has an id that is never reused, so
 * exactly one party decides what happens to a run:
 * <ul>
 *   <li>the runner calls the worker only after winning {@link #start}: a run that the dead man's switch or a
 *       timed-out drain {@link #abandon abandoned} while it was {@code TAKEN} never reaches user code;</li>
 *   <li>after the worker returns, the runner owns the outcome only if it wins {@link #finish}; otherwise the
 *       abandoner already ended (or retried) the job, and the runner must leave without touching it;</li>
 *   <li>{@link #abandon} tells the abandoner whether the run was still {@code TAKEN} (no user code ran, nothing
 *       is left behind) or {@code RUNNING} (the worker was called and may still be running on the old thread).</li>
 * </ul>
 *
 * <p>Threads: {@link #take}, {@link #start}, {@link #finish} and {@link #release} are called only by the slot's
 * current runner (a replaced runner may still call {@code start} or {@code finish} for its old run, and loses);
 * {@link #abandon} and the reads by any thread. The model-checking test {@code RunStateModelCheckTest} checks these
 * transitions for linearizability under every interleaving.
 */
final class RunState {

    /** No run: the slot's runner holds no job. */
    static final int IDLE = 0;
    /** The runner took a job and has not called the worker yet. */
    static final int TAKEN = 1;
    /** The runner called (or is about to call) the worker for the job. */
    static final int RUNNING = 2;

    private static final int PHASE_BITS = 2;
    private static final long PHASE_MASK = (1L << PHASE_BITS) - 1;
    private static final VarHandle WORD;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(RunState.class, "word", long.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    /** {@code (runId << 2) | phase}; 0 when idle. */
    private volatile long word;
    /** The last run id handed out; written only by the current runner, under its placement lock. */
    private long lastRunId;

    /**
     * Opens a new run for a job the runner just took: IDLE to TAKEN with a fresh id.
     *
     * @return the new run's id
     * @throws IllegalStateException if a run is still open (a bug: one runner, one run at a time)
     */
    long take() {
        long id = ++lastRunId;
        if (!WORD.compareAndSet(this, 0L, (id << PHASE_BITS) | TAKEN)) {
            throw new IllegalStateException("a run is still open: " + describe(word));
        }
        return id;
    }

    /** TAKEN to RUNNING: the runner may now call the worker. {@code false} if the run was abandoned. */
    boolean start(long runId) {
        return WORD.compareAndSet(this, (runId << PHASE_BITS) | TAKEN, (runId << PHASE_BITS) | RUNNING);
    }

    /** RUNNING to IDLE: the runner owns the outcome. {@code false} if the run was abandoned meanwhile. */
    boolean finish(long runId) {
        return WORD.compareAndSet(this, (runId << PHASE_BITS) | RUNNING, 0L);
    }

    /**
     * TAKEN to IDLE without calling the worker (its instance could not be built, or an interceptor did not call
     * it): the runner owns the outcome. {@code false} if the run was abandoned meanwhile.
     */
    boolean release(long runId) {
        return WORD.compareAndSet(this, (runId << PHASE_BITS) | TAKEN, 0L);
    }

    /**
     * Takes run {@code runId} away from its runner, in whichever phase it is.
     *
     * @return {@link #TAKEN} or {@link #RUNNING}, the phase the run was abandoned in (the caller now owns the
     *         job's outcome); {@link #IDLE} if that run is no longer open (its runner finished it first)
     */
    int abandon(long runId) {
        while (true) {
            long current = word;
            if (current == 0L || current >>> PHASE_BITS != runId) {
                return IDLE;
            }
            if (WORD.compareAndSet(this, current, 0L)) {
                return (int) (current & PHASE_MASK);
            }
        }
    }

    /** The open run's phase: {@link #IDLE}, {@link #TAKEN} or {@link #RUNNING}. */
    int phase() {
        return (int) (word & PHASE_MASK);
    }

    /** The status word, for a consistent read of id and phase together: see {@link #idOf} and {@link #phaseOf}. */
    long word() {
        return word;
    }

    static long idOf(long word) {
        return word >>> PHASE_BITS;
    }

    static int phaseOf(long word) {
        return (int) (word & PHASE_MASK);
    }

    private static String describe(long word) {
        return "run " + idOf(word) + " " + (phaseOf(word) == TAKEN ? "TAKEN" : phaseOf(word) == RUNNING ? "RUNNING"
                : "IDLE");
    }

    @Override
    public String toString() {
        return describe(word);
    }
}
