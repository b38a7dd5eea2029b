/**
 * The actor runtime: {@link dev.actorfactory.actor.Actor} definitions, {@link dev.actorfactory.actor.ActorRef}
 * references, the {@link dev.actorfactory.actor.ActorSystem} that spawns and supervises them, request/reply,
 * supervision events and dead letters.
 */
@NullMarked
package dev.actorfactory.actor;

import org.jspecify.annotations.NullMarked;
