package dev.actorfactory.actor;

/** A registration (listener, watch) that {@link #close()} cancels. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Cancels the registration. */
    @Override
    void close();
}
