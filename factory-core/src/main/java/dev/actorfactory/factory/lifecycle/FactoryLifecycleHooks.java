package dev.actorfactory.factory.lifecycle;

/**
 * Hooks into a factory's lifecycle (ractor's lifecycle hooks). Each runs once; all are optional.
 *
 * <p>Threads: {@link #onStarted} runs on the thread that starts the factory, after every worker is up and
 * before the first job is routed; {@link #onDraining} on the thread that begins the drain; {@link #onStopped} on
 * the thread that finishes it. An exception from {@code onStarted} aborts the start; from the others it is
 * logged.
 */
public interface FactoryLifecycleHooks {

    /** The factory's workers are up; no job has been routed yet. Throw to abort the start. */
    default void onStarted(String factory) throws Exception {
    }

    /** The factory stopped accepting jobs and is finishing queued and in-flight work. */
    default void onDraining(String factory) {
    }

    /** The factory has stopped; every job it accepted is accounted for. */
    default void onStopped(String factory) {
    }
}
