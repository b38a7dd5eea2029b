package dev.actorfactory.factory.worker;

/**
 * What threads a factory's workers run on.
 *
 * <p>{@link #PLATFORM} and {@link #VIRTUAL} give each worker a thread of its own: a worker may block (JDBC, HTTP,
 * sleeping), and the dead man's switch can abandon a stuck worker's thread and start a fresh one. {@link #SHARED}
 * runs the workers as actors on a dispatcher with one thread per core, taking turns: far cheaper per job and per
 * idle worker (a thousand workers are a thousand small objects, not a thousand threads), but a worker that blocks
 * holds one of those few threads and delays the others.
 */
public enum WorkerThreads {
    /** A platform thread per worker, owned by the factory. The default. */
    PLATFORM,
    /** A virtual thread per worker (JDK 21+); falls back to {@link #PLATFORM} on older JVMs, with a warning. */
    VIRTUAL,
    /**
     * Workers take turns on a shared dispatcher (the actor runtime's fork-join pool, one thread per core, or the
     * dispatcher given to the builder), processing a batch of jobs per turn. For workers that never block. The dead
     * man's switch still detects and kills a stuck worker, but a killed worker that ignores interruption keeps its
     * dispatcher thread until it returns.
     */
    SHARED
}
