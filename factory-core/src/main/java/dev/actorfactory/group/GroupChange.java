package dev.actorfactory.group;

import dev.actorfactory.actor.ActorRef;

/**
 * A change in a process group's membership, sent to the group's watchers.
 *
 * @param group  the group's name
 * @param actor  the actor that joined or left
 * @param change whether it joined or left
 */
public record GroupChange(String group, ActorRef<?> actor, Kind change) {

    /** Joined or left. */
    public enum Kind {
        /** The actor joined the group. */
        JOINED,
        /** The actor left the group, by {@link ProcessGroups#leave} or by terminating. */
        LEFT
    }
}
