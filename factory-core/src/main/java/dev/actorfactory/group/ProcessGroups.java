package dev.actorfactory.group;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.actorfactory.actor.ActorLifecycleListener;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorStoppedException;
import dev.actorfactory.actor.ExitReason;
import dev.actorfactory.actor.Subscription;
import dev.actorfactory.internal.Arguments;

/**
 * Named groups of actors, like Erlang's {@code pg}: actors join and leave groups, anyone can list a group's
 * members, and watcher actors receive a {@link GroupChange} for every membership change of the groups they
 * watch. A terminated actor leaves all its groups (and stops watching) by itself, before its
 * {@code whenTerminated()} future completes.
 *
 * <p>Threads: all methods may be called from any thread. Reads are lock-free snapshots; changes are serialised,
 * and each watcher receives the changes of a group in the order they happened.
 */
public final class ProcessGroups implements ActorLifecycleListener {

    private final ConcurrentHashMap<String, Set<ActorRef<?>>> members = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ActorRef<?>, Set<String>> groupsByActor = new ConcurrentHashMap<>();
    private final Map<String, List<ActorRef<? super GroupChange>>> watchers = new HashMap<>();
    private final ConcurrentHashMap<ActorRef<?>, Set<String>> watchedByActor = new ConcurrentHashMap<>();

    /** Creates an empty set of groups; each {@code ActorSystem} has one. */
    public ProcessGroups() {
    }

    /**
     * Adds {@code actor} to {@code group} (created on first join). Joining twice is harmless.
     *
     * @throws ActorStoppedException if the actor is not alive
     */
    public synchronized void join(String group, ActorRef<?> actor) {
        Arguments.notBlank(group, "group");
        Arguments.notNull(actor, "actor");
        requireAlive(actor, group);
        Set<ActorRef<?>> current = members.getOrDefault(group, Set.of());
        if (current.contains(actor)) {
            return;
        }
        Set<ActorRef<?>> updated = new LinkedHashSet<>(current);
        updated.add(actor);
        members.put(group, Collections.unmodifiableSet(updated));
        groupsByActor.computeIfAbsent(actor, key -> new HashSet<>()).add(group);
        if (!actor.isAlive()) { // began terminating meanwhile; its clean-up may have missed this group
            remove(group, actor);
            throw notAlive(actor, group);
        }
        publish(group, actor, GroupChange.Kind.JOINED);
    }

    /** Removes {@code actor} from {@code group}; returns whether it was a member. */
    public synchronized boolean leave(String group, ActorRef<?> actor) {
        Arguments.notNull(group, "group");
        Arguments.notNull(actor, "actor");
        if (!remove(group, actor)) {
            return false;
        }
        publish(group, actor, GroupChange.Kind.LEFT);
        return true;
    }

    /** The members of {@code group} right now, in joining order (empty for an unknown group). */
    public Set<ActorRef<?>> members(String group) {
        return members.getOrDefault(Arguments.notNull(group, "group"), Set.of());
    }

    /** The names of the groups that have members right now. */
    public Set<String> groups() {
        return Set.copyOf(members.keySet());
    }

    /** The groups {@code actor} belongs to right now. */
    public synchronized Set<String> groupsOf(ActorRef<?> actor) {
        Set<String> groups = groupsByActor.get(Arguments.notNull(actor, "actor"));
        return groups == null ? Set.of() : Set.copyOf(groups);
    }

    /**
     * Sends {@code watcher} a {@link GroupChange} for every later join and leave in {@code group}, until the
     * subscription is closed or the watcher terminates.
     *
     * @throws ActorStoppedException if the watcher is not alive
     */
    public synchronized Subscription watch(String group, ActorRef<? super GroupChange> watcher) {
        Arguments.notBlank(group, "group");
        Arguments.notNull(watcher, "watcher");
        requireAlive(watcher, group);
        watchers.computeIfAbsent(group, key -> new CopyOnWriteArrayList<>()).add(watcher);
        watchedByActor.computeIfAbsent(watcher, key -> new HashSet<>()).add(group);
        if (!watcher.isAlive()) {
            unwatch(group, watcher);
            throw notAlive(watcher, group);
        }
        return () -> unwatch(group, watcher);
    }

    /** Releases the groups and watches of a terminated actor. Called by the actor system. */
    @Override
    public void onTerminated(ActorRef<?> actor, ExitReason reason) {
        if (!groupsByActor.containsKey(actor) && !watchedByActor.containsKey(actor)) {
            return;
        }
        synchronized (this) {
            Set<String> watched = watchedByActor.get(actor);
            if (watched != null) {
                for (String group : Set.copyOf(watched)) {
                    unwatch(group, actor);
                }
            }
            Set<String> joined = groupsByActor.get(actor);
            if (joined != null) {
                for (String group : Set.copyOf(joined)) {
                    remove(group, actor);
                    publish(group, actor, GroupChange.Kind.LEFT);
                }
            }
        }
    }

    private synchronized void unwatch(String group, ActorRef<?> watcher) {
        List<ActorRef<? super GroupChange>> list = watchers.get(group);
        if (list != null) {
            list.remove(watcher);
            if (list.isEmpty()) {
                watchers.remove(group);
            }
        }
        Set<String> watched = watchedByActor.get(watcher);
        if (watched != null) {
            watched.remove(group);
            if (watched.isEmpty()) {
                watchedByActor.remove(watcher);
            }
        }
    }

    private boolean remove(String group, ActorRef<?> actor) {
        Set<ActorRef<?>> current = members.get(group);
        if (current == null || !current.contains(actor)) {
            return false;
        }
        Set<ActorRef<?>> updated = new LinkedHashSet<>(current);
        updated.remove(actor);
        if (updated.isEmpty()) {
            members.remove(group);
        } else {
            members.put(group, Collections.unmodifiableSet(updated));
        }
        Set<String> groups = groupsByActor.get(actor);
        if (groups != null) {
            groups.remove(group);
            if (groups.isEmpty()) {
                groupsByActor.remove(actor);
            }
        }
        return true;
    }

    /** Tells the watchers; {@code tell} never blocks, so this is safe under the lock and keeps the order. */
    private void publish(String group, ActorRef<?> actor, GroupChange.Kind kind) {
        List<ActorRef<? super GroupChange>> list = watchers.get(group);
        if (list == null) {
            return;
        }
        GroupChange change = new GroupChange(group, actor, kind);
        for (ActorRef<? super GroupChange> watcher : list) {
            watcher.tell(change);
        }
    }

    private static void requireAlive(ActorRef<?> actor, String group) {
        if (!actor.isAlive()) {
            throw notAlive(actor, group);
        }
    }

    private static ActorStoppedException notAlive(ActorRef<?> actor, String group) {
        return new ActorStoppedException(actor, actor + " is not alive and cannot use group '" + group + "'");
    }
}
