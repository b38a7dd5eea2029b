package dev.actorfactory.sample.notifications;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/** What the gateway sent, and what was shed on the way, by reason. Thread-safe. */
@Component
public class NotificationLog {

    private final AtomicLong sent = new AtomicLong();
    private final Map<String, AtomicLong> discarded = new ConcurrentHashMap<>();

    void sent() {
        sent.incrementAndGet();
    }

    /** Counts a notification discarded for {@code reason}. */
    public void discarded(String reason) {
        discarded.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Notifications sent so far. */
    public long sentCount() {
        return sent.get();
    }

    /** Notifications discarded so far, by reason. */
    public Map<String, Long> discardedByReason() {
        Map<String, Long> out = new TreeMap<>();
        discarded.forEach((reason, count) -> out.put(reason, count.get()));
        return out;
    }
}
