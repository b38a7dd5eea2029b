package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test helper that records what it is given, thread-safely, and lets a test wait for it without sleeping.
 */
public final class Probe<T> {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<T> received = new LinkedBlockingQueue<>();

    public void add(T item) {
        received.add(item);
    }

    /** Waits for the next item; fails the test if none arrives within 10 s (a hang, not a timing check). */
    public T next() throws InterruptedException {
        T item = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(item).as("an item within %s", WAIT).isNotNull();
        return item;
    }

    /** Waits for the next {@code count} items. */
    public List<T> next(int count) throws InterruptedException {
        List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(next());
        }
        return items;
    }

    /** What has arrived and not been taken yet. */
    public List<T> drain() {
        List<T> items = new ArrayList<>();
        received.drainTo(items);
        return items;
    }

    public boolean isEmpty() {
        return received.isEmpty();
    }

    /** An actor that records every message it receives in this probe. */
    public Actor<T, Void> actor() {
        return (context, message, state) -> add(message);
    }
}
