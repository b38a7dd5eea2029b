package dev.actorfactory.actor;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.internal.Arguments;

/**
 * How to spawn an actor: an optional unique name, an optional supervisor to link to, the dispatcher to run on,
 * and the declared message type used by typed registry look-ups. Immutable; each {@code with*} returns a copy.
 *
 * <pre>{@code
 * system.spawn(new Account(), SpawnOptions.named("account-42").withDispatcher(system.blockingDispatcher()));
 * }</pre>
 */
public final class SpawnOptions {

    private static final SpawnOptions DEFAULTS = new SpawnOptions(null, null, null, null);

    private final @Nullable String name;
    private final @Nullable ActorRef<?> supervisor;
    private final @Nullable Dispatcher dispatcher;
    private final @Nullable Class<?> messageType;

    private SpawnOptions(@Nullable String name, @Nullable ActorRef<?> supervisor, @Nullable Dispatcher dispatcher,
            @Nullable Class<?> messageType) {
        this.name = name;
        this.supervisor = supervisor;
        this.dispatcher = dispatcher;
        this.messageType = messageType;
    }

    /** Anonymous, unsupervised, on the system's default dispatcher. */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /** Defaults with a unique name; see {@link #withName}. */
    public static SpawnOptions named(String name) {
        return DEFAULTS.withName(name);
    }

    /**
     * Registers the actor under {@code name} in the system's registry; the spawn fails with
     * {@link dev.actorfactory.registry.DuplicateNameException} if a live actor holds it. Freed when the actor stops.
     */
    public SpawnOptions withName(String name) {
        return new SpawnOptions(Arguments.notBlank(name, "name"), supervisor, dispatcher, messageType);
    }

    /** Links the actor to {@code supervisor}, which must be a live actor of the same system. */
    public SpawnOptions withSupervisor(ActorRef<?> supervisor) {
        return new SpawnOptions(name, Arguments.notNull(supervisor, "supervisor"), dispatcher, messageType);
    }

    /** Runs the actor on {@code dispatcher} instead of the system's default. */
    public SpawnOptions withDispatcher(Dispatcher dispatcher) {
        return new SpawnOptions(name, supervisor, Arguments.notNull(dispatcher, "dispatcher"), messageType);
    }

    /**
     * Declares the message type, checked by {@link dev.actorfactory.registry.ActorRegistry#lookup(String, Class)}.
     * Without it, the type is read from the actor class's {@code Actor<M, S>} declaration when possible.
     */
    public SpawnOptions withMessageType(Class<?> messageType) {
        return new SpawnOptions(name, supervisor, dispatcher, Arguments.notNull(messageType, "messageType"));
    }

    /** The unique name, if any. */
    public @Nullable String name() {
        return name;
    }

    /** The supervisor, if any. */
    public @Nullable ActorRef<?> supervisor() {
        return supervisor;
    }

    /** The dispatcher, or {@code null} for the system's default. */
    public @Nullable Dispatcher dispatcher() {
        return dispatcher;
    }

    /** The declared message type, if any. */
    public @Nullable Class<?> messageType() {
        return messageType;
    }
}
