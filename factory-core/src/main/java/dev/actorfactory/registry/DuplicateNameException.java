package dev.actorfactory.registry;

import dev.actorfactory.actor.ActorRef;

/** A name is already held by a live actor. */
public class DuplicateNameException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /** Creates the exception for {@code name}, held by {@code holder}. */
    public DuplicateNameException(String name, ActorRef<?> holder) {
        super("The name '" + name + "' is already registered to " + holder
                + "; choose another name or stop that actor first");
        this.name = name;
    }

    /** The contested name. */
    public String name() {
        return name;
    }
}
