package dev.actorfactory.actor.dispatch;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.internal.Arguments;
import dev.actorfactory.internal.Threads;

/**
 * Where actors run: an executor plus the <em>throughput</em>, the number of messages an actor processes per
 * scheduling before it yields its thread to other actors (fairness).
 *
 * <p>An idle actor holds no thread: it is handed to its dispatcher only when it has work. Three kinds exist:
 * <ul>
 *   <li>{@link #shared(String, int, int)}: a fork-join pool sized to the cores, for light, non-blocking actors
 *       (the default of an {@code ActorSystem});</li>
 *   <li>{@link #boundedPlatformThreads(String, int)}: a fixed pool of platform threads for actors that block
 *       (JDBC, HTTP); at most that many of them run at once;</li>
 *   <li>{@link #virtualThreads(String)}: a virtual thread per scheduling, for blocking actors on JDK 21+
 *       (detected at run time; {@link #virtualThreadsAvailable()} tells whether the JVM has them).</li>
 * </ul>
 *
 * <p>Thread safety: all methods may be called from any thread. A dispatcher created by one of the factory
 * methods owns its executor and shuts it down on {@link #close()}; one made with {@link #fromExecutor} does not.
 */
public final class Dispatcher implements AutoCloseable {

    /** Messages an actor processes per scheduling on the shared dispatcher before yielding. */
    public static final int DEFAULT_THROUGHPUT = 16;

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final String name;
    private final Executor executor;
    private final @Nullable ForkJoinPool forkJoinPool;
    private final int throughput;
    private final boolean owned;

    private Dispatcher(String name, Executor executor, int throughput, boolean owned) {
        this.name = name;
        this.executor = executor;
        this.forkJoinPool = executor instanceof ForkJoinPool pool ? pool : null;
        this.throughput = throughput;
        this.owned = owned;
    }

    /**
     * A fork-join dispatcher for non-blocking actors.
     *
     * @param name        used in thread names
     * @param parallelism number of threads, at least 1 (typically the number of cores)
     * @param throughput  messages per scheduling, at least 1
     */
    public static Dispatcher shared(String name, int parallelism, int throughput) {
        Arguments.notBlank(name, "name");
        Arguments.atLeast(parallelism, 1, "parallelism");
        Arguments.atLeast(throughput, 1, "throughput");
        AtomicInteger counter = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName(name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ForkJoinPool pool = new ForkJoinPool(parallelism, factory,
                (thread, error) -> log.error("Uncaught error on dispatcher thread {}", thread.getName(), error),
                true);
        return new Dispatcher(name, pool, throughput, true);
    }

    /**
     * A dispatcher of {@code threads} platform threads for actors that block. At most {@code threads} actors
     * run at once; others wait their turn. Each scheduling processes one message, so a blocked actor never
     * delays another's queued work longer than one message.
     *
     * @param name    used in thread names
     * @param threads pool size, at least 1
     */
    public static Dispatcher boundedPlatformThreads(String name, int threads) {
        Arguments.notBlank(name, "name");
        Arguments.atLeast(threads, 1, "threads");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Threads.platform(name));
        pool.allowCoreThreadTimeOut(true);
        return new Dispatcher(name, pool, 1, true);
    }

    /**
     * A dispatcher that runs each scheduling on a new virtual thread (JDK 21+), for actors that block.
     *
     * @param name used in thread names
     * @throws UnsupportedOperationException if this JVM has no virtual threads (JDK 17–20)
     */
    public static Dispatcher virtualThreads(String name) {
        Arguments.notBlank(name, "name");
        if (!Threads.virtualThreadsAvailable()) {
            throw new UnsupportedOperationException("Virtual threads need JDK 21 or later; this JVM is "
                    + Runtime.version() + ". Use Dispatcher.boundedPlatformThreads(...) instead.");
        }
        return new Dispatcher(name, newVirtualThreadPerTaskExecutor(name), 1, true);
    }

    /**
     * A dispatcher for blocking actors: virtual threads when the JVM has them, else a bounded pool of
     * {@code maxPlatformThreads} platform threads.
     */
    public static Dispatcher blocking(String name, int maxPlatformThreads) {
        return virtualThreadsAvailable() ? virtualThreads(name) : boundedPlatformThreads(name, maxPlatformThreads);
    }

    /**
     * Wraps an executor owned by the caller; {@link #close()} leaves it running.
     *
     * @param throughput messages per scheduling, at least 1
     */
    public static Dispatcher fromExecutor(String name, Executor executor, int throughput) {
        Arguments.notBlank(name, "name");
        Arguments.notNull(executor, "executor");
        Arguments.atLeast(throughput, 1, "throughput");
        return new Dispatcher(name, executor, throughput, false);
    }

    /** Whether this JVM offers virtual threads (JDK 21 or later). */
    public static boolean virtualThreadsAvailable() {
        return Threads.virtualThreadsAvailable();
    }

    /** The dispatcher's name. */
    public String name() {
        return name;
    }

    /** Messages an actor processes per scheduling before yielding. */
    public int throughput() {
        return throughput;
    }

    /**
     * Runs a task. A task submitted to a fork-join dispatcher is queued without a wrapper
     * object, which keeps the scheduling path allocation-free.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the dispatcher was closed
     */
    public void dispatch(Dispatchable task) {
        ForkJoinPool pool = forkJoinPool;
        if (pool != null) {
            pool.execute((ForkJoinTask<?>) task);
        } else {
            executor.execute((Runnable) task);
        }
    }

    /**
     * Shuts down the executor if this dispatcher owns it, waiting briefly for running tasks. Actors still
     * scheduled on it afterwards are terminated by their system.
     */
    @Override
    public void close() {
        if (!owned || !(executor instanceof ExecutorService service)) {
            return;
        }
        service.shutdown();
        try {
            if (!service.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                service.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            service.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Begins an orderly shutdown without waiting: tasks already submitted still run, new ones are rejected. No-op
     * for a dispatcher that does not own its executor.
     */
    public void shutdown() {
        if (owned && executor instanceof ExecutorService service) {
            service.shutdown();
        }
    }

    @Override
    public String toString() {
        return "Dispatcher[" + name + ", throughput=" + throughput + "]";
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor(String name) {
        try {
            return (ExecutorService) Executors21.NEW_THREAD_PER_TASK.invoke(Threads.virtual(name));
        } catch (Throwable error) {
            throw new IllegalStateException("Could not create a virtual-thread executor", error);
        }
    }

    /** Holds the JDK 21 {@code Executors.newThreadPerTaskExecutor} handle; only initialised on JDK 21+. */
    private static final class Executors21 {
        static final MethodHandle NEW_THREAD_PER_TASK;

        static {
            try {
                NEW_THREAD_PER_TASK = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                        "newThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class, ThreadFactory.class));
            } catch (ReflectiveOperationException error) {
                throw new ExceptionInInitializerError(error);
            }
        }
    }
}
