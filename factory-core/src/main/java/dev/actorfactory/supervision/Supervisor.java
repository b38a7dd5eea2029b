package dev.actorfactory.supervision;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.actor.Actor;
import dev.actorfactory.actor.ActorContext;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorSystem;
import dev.actorfactory.actor.ExitReason;
import dev.actorfactory.actor.SpawnException;
import dev.actorfactory.actor.SpawnOptions;
import dev.actorfactory.actor.SupervisionEvent;
import dev.actorfactory.internal.Arguments;

/**
 * A one-for-one supervisor, the reusable form of Erlang's {@code supervisor}: an actor that starts its children
 * in order, restarts each one that ends according to its {@link ChildSpec.Restart} type after the strategy's
 * backoff, and gives up when restarts exceed the strategy's maximum intensity — it then fails with
 * {@link RestartIntensityExceededException}, stopping its children, so its own supervisor hears of it.
 *
 * <pre>{@code
 * Supervisor sup = Supervisor.start(system, SpawnOptions.named("workers"),
 *         RestartStrategy.oneForOne(3, Duration.ofSeconds(5))
 *                 .withBackoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1))),
 *         List.of(ChildSpec.permanent("cache", CacheActor::new)));
 * ActorRef<CacheMsg> cache = sup.<CacheMsg>child("cache").orElseThrow();
 * }</pre>
 *
 * <p>Threads: the handle's methods may be called from any thread; {@link #child} returns the current
 * incarnation (empty while a child waits for its restart).
 */
public final class Supervisor {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final ActorRef<Object> ref;
    private final Map<String, ActorRef<?>> current;
    private final AtomicLong restarts;

    private Supervisor(ActorRef<Object> ref, Map<String, ActorRef<?>> current, AtomicLong restarts) {
        this.ref = ref;
        this.current = current;
        this.restarts = restarts;
    }

    /**
     * Spawns a supervisor and its children (in list order, during the supervisor's {@code preStart}, so a
     * child that fails to start makes the whole start fail).
     *
     * @param options the supervisor's own spawn options (name, its own supervisor, dispatcher)
     * @throws SpawnException if a child fails to start
     * @throws IllegalArgumentException if two children share an id
     */
    public static Supervisor start(ActorSystem system, SpawnOptions options, RestartStrategy strategy,
            List<? extends ChildSpec<?>> children) {
        Arguments.notNull(system, "system");
        Arguments.notNull(options, "options");
        Arguments.notNull(strategy, "strategy");
        Arguments.notNull(children, "children");
        Map<String, ChildSpec<?>> specs = new LinkedHashMap<>();
        for (ChildSpec<?> spec : children) {
            if (specs.putIfAbsent(Arguments.notNull(spec, "children element").id(), spec) != null) {
                throw new IllegalArgumentException("children contains the id '" + spec.id() + "' twice");
            }
        }
        Map<String, ActorRef<?>> current = new ConcurrentHashMap<>();
        AtomicLong restarts = new AtomicLong();
        ActorRef<Object> ref = system.spawn(new SupervisorActor(specs, strategy, current, restarts), options);
        return new Supervisor(ref, current, restarts);
    }

    /** The supervisor actor itself, for linking it under another supervisor or stopping it. */
    public ActorRef<?> ref() {
        return ref;
    }

    /** The current incarnation of child {@code id}; empty if unknown, or while it waits for a restart. */
    @SuppressWarnings("unchecked")
    public <M> Optional<ActorRef<M>> child(String id) {
        return Optional.ofNullable((ActorRef<M>) current.get(Arguments.notNull(id, "id")));
    }

    /** Restarts performed since the supervisor started. */
    public long restartCount() {
        return restarts.get();
    }

    /** Stops the supervisor and, with it, its children. */
    public void stop() {
        ref.stop("supervisor stopped");
    }

    private record RestartChild(String id) {
    }

    private static final class State {
        final Map<ActorRef<?>, String> idByRef = new HashMap<>();
        final RestartIntensity intensity;

        State(RestartIntensity intensity) {
            this.intensity = intensity;
        }
    }

    /** The supervising actor; its state is touched only by its own hooks. */
    private static final class SupervisorActor implements Actor<Object, State> {
        private final Map<String, ChildSpec<?>> specs;
        private final RestartStrategy strategy;
        private final Map<String, ActorRef<?>> current;
        private final AtomicLong restarts;

        SupervisorActor(Map<String, ChildSpec<?>> specs, RestartStrategy strategy, Map<String, ActorRef<?>> current,
                AtomicLong restarts) {
            this.specs = specs;
            this.strategy = strategy;
            this.current = current;
            this.restarts = restarts;
        }

        @Override
        public State preStart(ActorContext<Object> context) {
            State state = new State(strategy.newIntensity());
            for (ChildSpec<?> spec : specs.values()) {
                startChild(context, state, spec);
            }
            return state;
        }

        @Override
        public void handle(ActorContext<Object> context, Object message, State state) {
            if (message instanceof RestartChild restart) {
                ChildSpec<?> spec = specs.get(restart.id());
                if (context.system().isShutdown()) {
                    return; // the system is going away: nothing to restart into
                }
                try {
                    startChild(context, state, spec);
                    restarts.incrementAndGet();
                } catch (SpawnException failed) {
                    log.warn("Restart of child '{}' failed", spec.id(), failed);
                    scheduleRestart(context, state, spec, failed.getCause() == null ? failed : failed.getCause());
                }
            }
        }

        @Override
        public void handleSupervisionEvent(ActorContext<Object> context, SupervisionEvent event, State state) {
            ExitReason reason;
            if (event instanceof SupervisionEvent.ActorTerminated terminated) {
                reason = terminated.reason();
            } else if (event instanceof SupervisionEvent.ActorFailed failed) {
                reason = ExitReason.failed(failed.error());
            } else {
                return;
            }
            String id = state.idByRef.remove(event.actor());
            if (id == null) {
                return;
            }
            current.remove(id, event.actor());
            ChildSpec<?> spec = specs.get(id);
            boolean restart = !context.system().isShutdown() && switch (spec.restart()) {
                case PERMANENT -> true;
                case TRANSIENT -> reason.isAbnormal();
                case TEMPORARY -> false;
            };
            if (restart) {
                scheduleRestart(context, state, spec, reason.error());
            }
        }

        private void scheduleRestart(ActorContext<Object> context, State state, ChildSpec<?> spec,
                @Nullable Throwable cause) {
            long now = System.nanoTime();
            if (!state.intensity.tryRecord(now)) {
                throw new RestartIntensityExceededException("Child '" + spec.id() + "' of " + context.self()
                        + " needed more than " + strategy.maxRestarts() + " restarts within " + strategy.within()
                        + "; giving up", cause);
            }
            Duration delay = strategy.backoff().delay(state.intensity.recent(now));
            if (delay.isZero()) {
                context.self().tell(new RestartChild(spec.id()));
            } else {
                context.sendAfter(delay, new RestartChild(spec.id()));
            }
        }

        private void startChild(ActorContext<Object> context, State state, ChildSpec<?> spec) {
            ActorRef<?> child = context.spawnChild(spec.factory().get(), spec.options());
            state.idByRef.put(child, spec.id());
            current.put(spec.id(), child); // read by other threads through the Supervisor handle
        }
    }
}
