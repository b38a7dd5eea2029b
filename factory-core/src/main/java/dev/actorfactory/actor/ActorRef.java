package dev.actorfactory.actor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The address of an actor: the only way to talk to it.
 *
 * <p>Delivery: {@link #tell} never blocks; messages from one sending thread arrive in the order they were sent.
 * A message sent to an actor that has stopped (or stops before handling it) goes to the system's
 * {@link DeadLetters}, and an {@link #ask} for it fails with {@link ActorStoppedException}: nothing is dropped
 * without a trace.
 *
 * <p>Control messages take priority over user messages: {@link #kill()} overtakes everything queued and
 * interrupts the message being handled; {@link #stop(String)} lets the current message finish, then stops before
 * taking the next one.
 *
 * <p>Threads: every method may be called from any thread, including from inside actors. References are cheap
 * to share, compare by identity, and stay valid (but dead) after the actor stops.
 *
 * @param <M> the type of messages this actor accepts
 */
public interface ActorRef<M> {

    /** A number unique within the actor system, assigned at spawn. */
    long id();

    /** The name the actor was registered under at spawn, or {@code null} for an anonymous actor. */
    @Nullable String name();

    /**
     * Queues a message for the actor without waiting.
     *
     * @throws NullPointerException if {@code message} is null
     */
    void tell(M message);

    /**
     * Request/reply: builds a message around a reply channel, sends it, and returns a future completed by the
     * actor's {@link ReplyTo#reply}. The future fails with {@link AskTimeoutException} when no reply comes within
     * {@code timeout} (a late reply is then dropped), with {@link ActorStoppedException} at once if the actor is
     * not alive or stops before handling the request, and with the handler's exception if handling it fails.
     *
     * @param request builds the message from the reply channel, e.g. {@code reply -> new GetBalance(reply)}
     * @param timeout how long to wait for the reply; must be positive
     */
    <R> CompletableFuture<R> ask(Function<? super ReplyTo<R>, ? extends M> request, Duration timeout);

    /** Stops the actor gracefully with reason "stopped"; see {@link #stop(String)}. */
    default void stop() {
        stop(null);
    }

    /**
     * Stops the actor gracefully: the message being handled finishes, then the actor stops before taking another;
     * queued messages go to the dead letters. Idempotent; the first reason wins.
     */
    void stop(@Nullable String reason);

    /**
     * Kills the actor at once: queued messages are skipped (dead letters) and the thread running its current
     * message is interrupted. Code that ignores interruption runs on until it returns; the actor then terminates
     * without handling anything more.
     */
    void kill();

    /** Completes with the exit reason when the actor has terminated and all its resources are released. */
    CompletableFuture<ExitReason> whenTerminated();

    /**
     * Waits for the actor to terminate.
     *
     * @return {@code true} if it terminated within {@code timeout}
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** The actor's lifecycle status right now. */
    ActorStatus status();

    /** Whether the actor is starting or running (not stopping or stopped). */
    default boolean isAlive() {
        ActorStatus status = status();
        return status == ActorStatus.STARTING || status == ActorStatus.RUNNING;
    }
}
