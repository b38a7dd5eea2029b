package dev.actorfactory.actor;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.internal.Arguments;

/**
 * The dead-letter office of an actor system: counts every message that could not be delivered and hands it to
 * the subscribed listeners.
 *
 * <p>Threads: {@link #subscribe} and {@link #count} may be called from any thread. Listeners are called
 * synchronously on the thread that found the message undeliverable (a sender or the terminating actor), so they
 * must be quick and must not block; an exception from a listener is logged and ignored.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final LongAdder count = new LongAdder();
    private final CopyOnWriteArrayList<Consumer<? super DeadLetter>> listeners = new CopyOnWriteArrayList<>();

    DeadLetters() {
    }

    /** The number of dead letters since the system started. */
    public long count() {
        return count.sum();
    }

    /** Registers a listener for every future dead letter. */
    public Subscription subscribe(Consumer<? super DeadLetter> listener) {
        Arguments.notNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(ActorRef<?> recipient, Object message) {
        count.increment();
        if (log.isDebugEnabled()) {
            log.debug("Dead letter to {}: {}", recipient, message);
        }
        if (listeners.isEmpty()) {
            return;
        }
        DeadLetter letter = new DeadLetter(recipient, message);
        for (Consumer<? super DeadLetter> listener : listeners) {
            try {
                listener.accept(letter);
            } catch (Throwable error) {
                log.warn("Dead-letter listener {} failed", listener, error);
            }
        }
    }
}
