package dev.actorfactory.actor;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.group.ProcessGroups;
import dev.actorfactory.internal.Arguments;
import dev.actorfactory.registry.ActorRegistry;
import dev.actorfactory.timer.Timers;

/**
 * The home of a set of actors: spawns them, runs them on its dispatchers, and owns the services they share — the
 * name {@link #registry()}, {@link #groups() process groups}, {@link #timers()}, {@link #deadLetters()
 * dead letters} and a scheduler. Closing the system stops every actor, then releases its threads.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create("app")) {
 *     ActorRef<String> greeter = system.spawn((ctx, msg, state) -> System.out.println("hello " + msg));
 *     greeter.tell("world");
 * }
 * }</pre>
 *
 * <p>Threads: every method may be called from any thread. Do not call {@link #shutdown(Duration)} from inside an
 * actor of the same system: it waits for that actor to stop.
 */
public final class ActorSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActorSystem.class);

    private final String name;
    private final Dispatcher defaultDispatcher;
    private final int blockingThreads;
    private final Object blockingLock = new Object();
    private volatile @Nullable Dispatcher blockingDispatcher;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong ids = new AtomicLong();
    private final Set<ActorCell<?, ?>> live = ConcurrentHashMap.newKeySet();
    private final DeadLetters deadLetters = new DeadLetters();
    private final ActorRegistry registry = new ActorRegistry();
    private final ProcessGroups groups = new ProcessGroups();
    private final Timers timers;
    private final List<ActorLifecycleListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final CompletableFuture<Boolean> terminated = new CompletableFuture<>();

    private ActorSystem(Builder builder) {
        this.name = builder.name;
        this.defaultDispatcher = Dispatcher.shared(name + "-dispatcher", builder.parallelism, builder.throughput);
        this.blockingThreads = builder.blockingThreads;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name + "-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.timers = new Timers(scheduler);
    }

    /** A system with default settings: one dispatcher thread per core, throughput {@value Dispatcher#DEFAULT_THROUGHPUT}. */
    public static ActorSystem create(String name) {
        return builder(name).build();
    }

    /** A builder for a system with custom dispatcher settings. */
    public static Builder builder(String name) {
        return new Builder(Arguments.notBlank(name, "name"));
    }

    /** The system's name, used in thread names and logs. */
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ spawning

    /** Spawns an anonymous, unsupervised actor on the default dispatcher. See {@link #spawn(Actor, SpawnOptions)}. */
    public <M, S extends @Nullable Object> ActorRef<M> spawn(Actor<M, S> actor) {
        return spawn(actor, SpawnOptions.defaults());
    }

    /** Spawns an actor registered under a unique {@code name}. See {@link #spawn(Actor, SpawnOptions)}. */
    public <M, S extends @Nullable Object> ActorRef<M> spawn(String name, Actor<M, S> actor) {
        return spawn(actor, SpawnOptions.named(name));
    }

    /**
     * Spawns an actor. Its {@code preStart} runs on the calling thread; the reference is returned once it has
     * succeeded, and the actor then runs on its dispatcher.
     *
     * @throws SpawnException if {@code preStart} throws (the cause) or the supervisor is not alive
     * @throws dev.actorfactory.registry.DuplicateNameException if the name is held by a live actor
     * @throws IllegalArgumentException if the supervisor belongs to another system
     * @throws IllegalStateException if the system is shut down
     */
    public <M, S extends @Nullable Object> ActorRef<M> spawn(Actor<M, S> actor, SpawnOptions options) {
        Arguments.notNull(actor, "actor");
        Arguments.notNull(options, "options");
        ActorCell<?, ?> supervisor = resolveSupervisor(options.supervisor());
        requireRunning();
        Dispatcher dispatcher = options.dispatcher() == null ? defaultDispatcher : options.dispatcher();
        ActorCell<M, S> cell = new ActorCell<>(this, ids.incrementAndGet(), options.name(), actor, dispatcher,
                supervisor);
        if (options.name() != null) {
            Class<?> type = options.messageType() != null ? options.messageType() : declaredMessageType(actor);
            registry.register(options.name(), cell, type);
        }
        live.add(cell);
        cell.start();
        return cell;
    }

    private @Nullable ActorCell<?, ?> resolveSupervisor(@Nullable ActorRef<?> supervisor) {
        if (supervisor == null) {
            return null;
        }
        if (!(supervisor instanceof ActorCell<?, ?> cell) || cell.system() != this) {
            throw new IllegalArgumentException("supervisor must be an actor of system '" + name + "', was "
                    + supervisor);
        }
        return cell;
    }

    private void requireRunning() {
        if (shuttingDown.get()) {
            throw new IllegalStateException("Actor system '" + name + "' is shut down; cannot spawn");
        }
    }

    /** Reads {@code M} from a class implementing {@code Actor<M, S>} directly; {@code Object} if unknown. */
    static Class<?> declaredMessageType(Actor<?, ?> actor) {
        for (Class<?> type = actor.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Type candidate : type.getGenericInterfaces()) {
                if (candidate instanceof ParameterizedType parameterized && parameterized.getRawType() == Actor.class) {
                    Type message = parameterized.getActualTypeArguments()[0];
                    if (message instanceof Class<?> messageClass) {
                        return messageClass;
                    }
                    if (message instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
                        return raw;
                    }
                }
            }
        }
        return Object.class;
    }

    // ------------------------------------------------------------------ services

    /** The name registry. */
    public ActorRegistry registry() {
        return registry;
    }

    /** The process groups. */
    public ProcessGroups groups() {
        return groups;
    }

    /** Timers that send to, stop or kill actors later. */
    public Timers timers() {
        return timers;
    }

    /** The dead-letter office. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** The fork-join dispatcher used when a spawn names none. */
    public Dispatcher defaultDispatcher() {
        return defaultDispatcher;
    }

    /**
     * A dispatcher for actors that block, owned by this system and created on first use: virtual threads on JDK
     * 21+, else a bounded pool of platform threads (see {@link Builder#blockingThreads(int)}).
     */
    public Dispatcher blockingDispatcher() {
        Dispatcher dispatcher = blockingDispatcher;
        if (dispatcher == null) {
            synchronized (blockingLock) {
                dispatcher = blockingDispatcher;
                if (dispatcher == null) {
                    dispatcher = Dispatcher.blocking(name + "-blocking", blockingThreads);
                    blockingDispatcher = dispatcher;
                }
            }
        }
        return dispatcher;
    }

    /** The scheduler shared by timers and ask time-outs. Tasks must be short. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Registers a listener for every actor spawned or terminated from now on. */
    public Subscription addLifecycleListener(ActorLifecycleListener listener) {
        Arguments.notNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The number of actors currently alive (started and not yet terminated). */
    public int actorCount() {
        return live.size();
    }

    void onSpawned(ActorCell<?, ?> cell) {
        for (ActorLifecycleListener listener : listeners) {
            try {
                listener.onSpawned(cell);
            } catch (Throwable error) {
                log.warn("Lifecycle listener {} failed on spawn of {}", listener, cell, error);
            }
        }
    }

    void onTerminated(ActorCell<?, ?> cell, ExitReason reason) {
        live.remove(cell);
        registry.onTerminated(cell, reason);
        groups.onTerminated(cell, reason);
        timers.onTerminated(cell, reason);
        for (ActorLifecycleListener listener : listeners) {
            try {
                listener.onTerminated(cell, reason);
            } catch (Throwable error) {
                log.warn("Lifecycle listener {} failed on termination of {}", listener, cell, error);
            }
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Stops every actor gracefully, waits up to {@code timeout} for them to terminate, kills the rest, then shuts
     * down the scheduler and the system's own dispatchers. Later spawns fail. Idempotent: a second call waits for
     * the first.
     *
     * @return whether every actor terminated gracefully within the timeout
     */
    public boolean shutdown(Duration timeout) {
        Arguments.notNegative(timeout, "timeout");
        if (!shuttingDown.compareAndSet(false, true)) {
            return terminated.join();
        }
        long deadline = System.nanoTime() + Arguments.saturatedNanos(timeout);
        for (ActorCell<?, ?> cell : live) {
            if (!cell.hasSupervisor()) { // children are stopped by their supervisors, which stop first
                cell.stop("actor system '" + name + "' shut down");
            }
        }
        boolean graceful = awaitAll(deadline);
        if (!graceful) {
            log.warn("Actor system '{}': {} actors did not stop within {}; killing them", name, live.size(), timeout);
            for (ActorCell<?, ?> cell : live) {
                cell.kill();
            }
            awaitAll(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        scheduler.shutdownNow();
        defaultDispatcher.close();
        Dispatcher blocking = blockingDispatcher;
        if (blocking != null) {
            blocking.close();
        }
        terminated.complete(graceful);
        return graceful;
    }

    private boolean awaitAll(long deadlineNanos) {
        List<CompletableFuture<ExitReason>> pending = new ArrayList<>();
        for (ActorCell<?, ?> cell : live) {
            pending.add(cell.whenTerminated());
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return live.isEmpty();
        } catch (TimeoutException | ExecutionException notAll) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@link #shutdown(Duration)} has begun. */
    public boolean isShutdown() {
        return shuttingDown.get();
    }

    /** Shuts down with a 30-second grace period; see {@link #shutdown(Duration)}. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return "ActorSystem[" + name + ", actors=" + live.size() + "]";
    }

    /**
     * Settings of a new {@link ActorSystem}. Not thread-safe; use from one thread.
     */
    public static final class Builder {
        private final String name;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private int throughput = Dispatcher.DEFAULT_THROUGHPUT;
        private int blockingThreads = 64;

        private Builder(String name) {
            this.name = name;
        }

        /** Threads of the default dispatcher (default: the number of cores). */
        public Builder parallelism(int parallelism) {
            this.parallelism = Arguments.atLeast(parallelism, 1, "parallelism");
            return this;
        }

        /** Messages an actor handles per scheduling on the default dispatcher before yielding. */
        public Builder throughput(int throughput) {
            this.throughput = Arguments.atLeast(throughput, 1, "throughput");
            return this;
        }

        /** Platform threads of the blocking dispatcher when virtual threads are not available (default 64). */
        public Builder blockingThreads(int blockingThreads) {
            this.blockingThreads = Arguments.atLeast(blockingThreads, 1, "blockingThreads");
            return this;
        }

        /** Creates the system. */
        public ActorSystem build() {
            return new ActorSystem(this);
        }
    }
}
