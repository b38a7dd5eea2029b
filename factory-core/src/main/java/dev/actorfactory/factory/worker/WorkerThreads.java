package dev.actorfactory.factory.worker;

/** What kind of threads a factory's workers run on. Either way, each worker may block on its own thread. */
public enum WorkerThreads {
    /** A pool of platform threads owned by the factory, one per worker at most. */
    PLATFORM,
    /** A virtual thread per scheduling (JDK 21+); falls back to {@link #PLATFORM} on older JVMs, with a warning. */
    VIRTUAL
}
