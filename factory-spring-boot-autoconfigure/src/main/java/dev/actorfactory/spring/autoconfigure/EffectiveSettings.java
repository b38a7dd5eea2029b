package dev.actorfactory.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.actorfactory.spring.autoconfigure.settings.ConfigurationProblem;

/**
 * The one-line summary of a factory's effective settings that the start-up log shows, e.g. {@code 4 workers (max 8),
 * key-persistent routing, fifo queue limit 10000 drop oldest, ttl 30s, dead man's switch 30s kill, 3 attempts,
 * platform threads, drain 30s}. Only what differs from "off" is listed.
 *
 * <p>Threads: stateless.
 */
final class EffectiveSettings {

    private EffectiveSettings() {
    }

    static String summary(Map<String, Object> settings, Duration drainTimeout, boolean afterCommit) {
        List<String> parts = new ArrayList<>();
        Object workers = settings.get("workers");
        Object max = settings.get("max-workers");
        parts.add(workers + " workers" + (String.valueOf(max).equals(String.valueOf(workers)) ? "" : " (max " + max
                + ")"));
        parts.add(settings.get("routing") + " routing");
        String queue = "priority".equals(settings.get("queue")) ? "priority queue (" + settings.get("priority-levels")
                + " levels" + (settings.get("priority-weights") instanceof List<?> weights && !weights.isEmpty()
                        ? ", weights " + weights : "") + ")" : "fifo queue";
        Object limit = settings.get("discard.limit");
        parts.add("unlimited".equals(limit) ? queue + " unbounded" : queue + " limit " + limit + " drop "
                + settings.get("discard.mode"));
        if (!"none".equals(settings.get("job-ttl"))) {
            parts.add("ttl " + duration(settings.get("job-ttl")));
        }
        if (!"off".equals(settings.get("dead-mans-switch.timeout"))) {
            parts.add("dead man's switch " + duration(settings.get("dead-mans-switch.timeout"))
                    + (Boolean.TRUE.equals(settings.get("dead-mans-switch.kill")) ? " kill" : " report"));
        }
        if (!"none".equals(settings.get("rate-limit"))) {
            parts.add("rate limit " + settings.get("rate-limit"));
        }
        Object attempts = settings.get("retry.max-attempts");
        if (!Integer.valueOf(1).equals(attempts)) {
            parts.add(attempts + " attempts, backoff " + settings.get("retry.backoff"));
        }
        parts.add(settings.get("threads") + " threads");
        parts.add("drain " + ConfigurationProblem.format(drainTimeout));
        if (afterCommit) {
            parts.add("dispatch after commit");
        }
        return String.join(", ", parts);
    }

    private static String duration(Object iso) {
        try {
            return ConfigurationProblem.format(Duration.parse(String.valueOf(iso)));
        } catch (RuntimeException notIso) {
            return String.valueOf(iso);
        }
    }
}
