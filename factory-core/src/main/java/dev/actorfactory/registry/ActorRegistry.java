package dev.actorfactory.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.actorfactory.actor.ActorLifecycleListener;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorStoppedException;
import dev.actorfactory.actor.ExitReason;
import dev.actorfactory.internal.Arguments;

/**
 * Unique names mapped to live actors, like Erlang's {@code register/2}. Actors spawned with a name are
 * registered before their {@code preStart}; other actors may be registered explicitly. A name is freed when its
 * actor terminates, before the actor's {@code whenTerminated()} future completes.
 *
 * <p>Typed look-up: {@link #lookup(String, Class)} returns an {@code ActorRef<M>} only if the actor's declared
 * message type accepts {@code M} (declared at spawn with {@code SpawnOptions.withMessageType}, or read from the
 * actor class's {@code Actor<M, S>} declaration; actors with no declared type accept {@code Object}).
 *
 * <p>Threads: all methods may be called from any thread. Look-ups are lock-free; registration, removal and the
 * release on termination are serialised, so a name is never left pointing at a terminated actor.
 */
public final class ActorRegistry implements ActorLifecycleListener {

    private record Entry(ActorRef<?> actor, Class<?> messageType) {
    }

    private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ActorRef<?>, List<String>> namesByActor = new ConcurrentHashMap<>();

    /** Creates an empty registry; each {@code ActorSystem} has one. */
    public ActorRegistry() {
    }

    /**
     * Registers {@code actor} under {@code name} with no declared message type.
     *
     * @throws DuplicateNameException if a live actor holds the name
     * @throws ActorStoppedException if {@code actor} is not alive
     */
    public void register(String name, ActorRef<?> actor) {
        register(name, actor, Object.class);
    }

    /**
     * Registers {@code actor} under {@code name}, declaring the type of messages it accepts.
     *
     * @throws DuplicateNameException if a live actor holds the name
     * @throws ActorStoppedException if {@code actor} is not alive
     */
    public synchronized void register(String name, ActorRef<?> actor, Class<?> messageType) {
        Arguments.notBlank(name, "name");
        Arguments.notNull(actor, "actor");
        Arguments.notNull(messageType, "messageType");
        if (!actor.isAlive()) {
            throw new ActorStoppedException(actor, "Cannot register " + actor + " as '" + name + "': it is not alive");
        }
        Entry existing = byName.putIfAbsent(name, new Entry(actor, messageType));
        if (existing != null) {
            throw new DuplicateNameException(name, existing.actor());
        }
        namesByActor.computeIfAbsent(actor, key -> new ArrayList<>(1)).add(name);
        if (!actor.isAlive()) {
            // it began terminating after the check above; its release may have missed this name
            unregister(name);
            throw new ActorStoppedException(actor, "Cannot register " + actor + " as '" + name + "': it is not alive");
        }
    }

    /** Removes a name; returns whether it was registered. The actor keeps running. */
    public synchronized boolean unregister(String name) {
        Entry removed = byName.remove(Arguments.notNull(name, "name"));
        if (removed == null) {
            return false;
        }
        List<String> names = namesByActor.get(removed.actor());
        if (names != null) {
            names.remove(name);
            if (names.isEmpty()) {
                namesByActor.remove(removed.actor());
            }
        }
        return true;
    }

    /** The actor registered under {@code name}, if any. */
    public Optional<ActorRef<?>> lookup(String name) {
        Entry entry = byName.get(Arguments.notNull(name, "name"));
        return entry == null ? Optional.empty() : Optional.of(entry.actor());
    }

    /**
     * The actor registered under {@code name}, typed to accept {@code messageType}.
     *
     * @throws ClassCastException if the actor's declared message type does not accept {@code messageType}
     */
    @SuppressWarnings("unchecked")
    public <M> Optional<ActorRef<M>> lookup(String name, Class<M> messageType) {
        Arguments.notNull(messageType, "messageType");
        Entry entry = byName.get(Arguments.notNull(name, "name"));
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.messageType().isAssignableFrom(messageType)) {
            throw new ClassCastException("Actor '" + name + "' accepts " + entry.messageType().getName()
                    + ", not " + messageType.getName());
        }
        return Optional.of((ActorRef<M>) entry.actor());
    }

    /** The names registered right now (a snapshot). */
    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    /** Frees every name held by a terminated actor. Called by the actor system. */
    @Override
    public void onTerminated(ActorRef<?> actor, ExitReason reason) {
        if (!namesByActor.containsKey(actor)) {
            return;
        }
        synchronized (this) {
            List<String> names = namesByActor.remove(actor);
            if (names != null) {
                for (String name : names) {
                    byName.remove(name);
                }
            }
        }
    }
}
