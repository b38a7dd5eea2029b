package dev.actorfactory.factory;

import dev.actorfactory.actor.dispatch.Dispatcher;

/**
 * The process-wide dispatcher that {@link dev.actorfactory.factory.worker.WorkerThreads#SHARED} workers take turns
 * on when the builder was given none: the actor runtime's fork-join dispatcher with one daemon thread per core,
 * created at first use and never closed (like the JDK's common pool), so that all factories of an application
 * share the cores instead of each starting its own threads.
 *
 * <p>Threads: {@link #get()} from any thread.
 */
final class SharedWorkerDispatcher {

    /** Jobs a worker runs per turn before it yields its thread to other workers. */
    static final int JOBS_PER_TURN = 64;

    private SharedWorkerDispatcher() {
    }

    private static final class Holder {
        static final Dispatcher INSTANCE = Dispatcher.shared("factory-shared",
                Runtime.getRuntime().availableProcessors(), JOBS_PER_TURN);
    }

    static Dispatcher get() {
        return Holder.INSTANCE;
    }
}
