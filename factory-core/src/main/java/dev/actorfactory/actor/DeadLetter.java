package dev.actorfactory.actor;

/**
 * A message that could not be delivered because its recipient was not alive.
 *
 * @param recipient the actor it was sent to
 * @param message   the undelivered message (the request, for an {@code ask})
 */
public record DeadLetter(ActorRef<?> recipient, Object message) {
}
