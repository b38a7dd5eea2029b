package dev.actorfactory.factory.job;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

/**
 * Carries context from the thread that submits a job to the worker thread that runs it, and wraps the run — the
 * hook for tracing (a child observation of the caller's), MDC and other thread-local context.
 *
 * <p>Threads: {@link #capture} runs on the submitting thread, once per job; {@link #around} on the worker thread,
 * once per attempt. Both must be thread-safe. An exception from {@code capture} fails the submission (nothing is
 * submitted); one from {@code around} fails the attempt like an exception from the worker.
 */
public interface JobInterceptor {

    /**
     * Captures what must travel with the job, e.g. a snapshot of the caller's thread-local context.
     *
     * @return the captured context, handed back to {@link #around}; may be {@code null}
     */
    @Nullable Object capture(Job<?, ?> job);

    /**
     * Runs the worker's handling of {@code job} (by calling {@code handling}) inside the captured context.
     *
     * @param captured what {@link #capture} returned on the submitting thread
     */
    <R> R around(Job<?, ?> job, @Nullable Object captured, Callable<R> handling) throws Exception;
}
