package dev.actorfactory.actor;

/**
 * The reply channel of an {@link ActorRef#ask}: the actor that handles the request completes it once. Later
 * calls, and replies arriving after the asker's timeout, are ignored (dropped, not leaked).
 *
 * <p>Threads: may be completed from any thread, so an actor may hand it to another actor or an asynchronous
 * callback and reply later.
 *
 * @param <R> the reply type
 */
public interface ReplyTo<R> {

    /** Completes the request with {@code value}; returns whether this call completed it. */
    boolean reply(R value);

    /** Completes the request with an error; returns whether this call completed it. */
    boolean fail(Throwable error);

    /** Whether the request still waits for a reply (not answered, failed or timed out). */
    boolean isPending();
}
