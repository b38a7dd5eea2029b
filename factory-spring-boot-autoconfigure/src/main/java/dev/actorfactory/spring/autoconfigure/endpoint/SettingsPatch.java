package dev.actorfactory.spring.autoconfigure.endpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

import dev.actorfactory.factory.SettingsChange;
import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.ratelimit.RateLimiter;
import dev.actorfactory.factory.worker.DeadMansSwitch;
import dev.actorfactory.spring.autoconfigure.FactoryProperties;
import dev.actorfactory.spring.autoconfigure.settings.ConfigurationProblem;
import dev.actorfactory.spring.autoconfigure.settings.FactorySettingsValidator;
import tools.jackson.databind.JsonNode;

/**
 * A change of a running factory's settings, as sent in {@code {"settings": {...}}} to
 * {@code POST /actuator/factories/{name}}, with the keys and value formats of {@code application.yml}:
 *
 * <pre>
 * {"settings": {"discard.limit": 500, "discard.mode": "newest", "job-ttl": "30s",
 *               "rate-limit": {"refill": 100, "interval": "1s", "max": 200},
 *               "dead-mans-switch": {"timeout": "30s", "kill": true, "grace": "5s"}}}
 * </pre>
 *
 * Only the keys sent change; {@code null} removes a setting ({@code "discard.limit": null}: no queue limit;
 * {@code "job-ttl": null}: no default TTL; {@code "rate-limit": null}, {@code "dead-mans-switch": null}: off). Values
 * are checked by the same rules as at start ({@link FactorySettingsValidator}), reported as {@code settings.<key>}.
 *
 * <p>Threads: immutable.
 *
 * @param change the change for the engine
 */
public record SettingsPatch(SettingsChange change) {

    /** The keys a settings change may hold. */
    public static final Set<String> KEYS = Set.of("discard.limit", "discard.mode", "job-ttl", "rate-limit",
            "dead-mans-switch");

    private static final String PREFIX = "settings.";

    /**
     * Reads the value of {@code "settings"}.
     *
     * @return a {@link SettingsPatch}, or a {@link String} saying why the value is refused
     */
    static Object read(JsonNode settings) {
        if (!settings.isObject()) {
            return "\"settings\" must be a JSON object of settings to change, e.g. {\"discard.limit\": 500}, was "
                    + FactoryOperationRequest.describe(settings) + ".";
        }
        if (settings.isEmpty()) {
            return "\"settings\" is empty; name at least one of " + keys(KEYS) + ".";
        }
        FactoryProperties.Settings values = new FactoryProperties.Settings();
        SettingsChange.Builder change = SettingsChange.builder();
        try {
            for (Map.Entry<String, JsonNode> entry : settings.properties()) {
                String key = entry.getKey();
                JsonNode value = entry.getValue();
                switch (key) {
                    case "discard.limit" -> {
                        if (value.isNull()) {
                            change.unlimitedQueue();
                        } else {
                            values.getDiscard().setLimit(integer(key, value));
                        }
                    }
                    case "discard.mode" -> values.getDiscard().setMode(mode(key, value));
                    case "job-ttl" -> {
                        if (value.isNull()) {
                            change.noDefaultJobTtl();
                        } else {
                            values.setJobTtl(duration(key, value));
                        }
                    }
                    case "rate-limit" -> {
                        if (value.isNull()) {
                            change.noRateLimiter();
                        } else {
                            Map<String, JsonNode> fields = object(key, value, Set.of("refill", "interval", "max"));
                            if (!fields.containsKey("refill")) {
                                throw new Refused(PREFIX + key + " needs \"refill\" (tokens per interval), e.g. "
                                        + "{\"refill\": 100, \"interval\": \"1s\"}.");
                            }
                            values.getRateLimit().setRefill((long) integer(key + ".refill", fields.get("refill")));
                            if (fields.containsKey("interval")) {
                                values.getRateLimit().setInterval(duration(key + ".interval", fields.get("interval")));
                            }
                            if (fields.containsKey("max")) {
                                values.getRateLimit().setMax((long) integer(key + ".max", fields.get("max")));
                            }
                        }
                    }
                    case "dead-mans-switch" -> {
                        if (value.isNull()) {
                            change.noDeadMansSwitch();
                        } else {
                            Map<String, JsonNode> fields = object(key, value, Set.of("timeout", "kill", "grace"));
                            if (!fields.containsKey("timeout")) {
                                throw new Refused(PREFIX + key + " needs \"timeout\", e.g. {\"timeout\": \"30s\", "
                                        + "\"kill\": true}.");
                            }
                            values.getDeadMansSwitch().setTimeout(duration(key + ".timeout", fields.get("timeout")));
                            if (fields.containsKey("kill")) {
                                JsonNode kill = fields.get("kill");
                                if (!kill.isBoolean()) {
                                    throw new Refused("\"" + PREFIX + key + ".kill\" must be true or false, was "
                                            + FactoryOperationRequest.describe(kill) + ".");
                                }
                                values.getDeadMansSwitch().setKill(kill.booleanValue());
                            }
                            if (fields.containsKey("grace")) {
                                values.getDeadMansSwitch().setGrace(duration(key + ".grace", fields.get("grace")));
                            }
                        }
                    }
                    default -> throw new Refused("Unknown setting \"" + PREFIX + key + "\"; settings that change at "
                            + "run time: " + keys(KEYS) + ".");
                }
            }
        } catch (Refused refused) {
            return refused.getMessage();
        }
        List<ConfigurationProblem> problems = FactorySettingsValidator.checkValues(PREFIX, values);
        if (!problems.isEmpty()) {
            return problems.stream().map(problem -> problem.describe() + " " + problem.action())
                    .collect(Collectors.joining(" "));
        }
        apply(values, change);
        return new SettingsPatch(change.build());
    }

    private static void apply(FactoryProperties.Settings values, SettingsChange.Builder change) {
        Integer limit = values.getDiscard().getLimit();
        DiscardMode mode = values.getDiscard().getMode();
        if (limit != null) {
            if (mode != null) {
                change.discardLimit(limit, mode);
            } else {
                change.discardLimit(limit);
            }
        } else if (mode != null) {
            change.discardMode(mode);
        }
        if (values.getJobTtl() != null) {
            change.defaultJobTtl(values.getJobTtl());
        }
        Long refill = values.getRateLimit().getRefill();
        if (refill != null) {
            Duration interval = values.getRateLimit().getInterval();
            Long max = values.getRateLimit().getMax();
            change.rateLimiter(new RateLimiter(refill, interval == null ? Duration.ofSeconds(1) : interval,
                    max == null ? refill : max));
        }
        Duration timeout = values.getDeadMansSwitch().getTimeout();
        if (timeout != null) {
            DeadMansSwitch deadMansSwitch = new DeadMansSwitch(timeout,
                    Boolean.TRUE.equals(values.getDeadMansSwitch().getKill()));
            Duration grace = values.getDeadMansSwitch().getGrace();
            change.deadMansSwitch(grace == null ? deadMansSwitch : deadMansSwitch.withGrace(grace));
        }
    }

    /** A value refused while reading; its message is the answer. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static int integer(String key, JsonNode value) {
        if (!value.isInt()) {
            throw new Refused("\"" + PREFIX + key + "\" must be a JSON integer such as 500, was "
                    + FactoryOperationRequest.describe(value) + ".");
        }
        return value.intValue();
    }

    private static DiscardMode mode(String key, JsonNode value) {
        if (value.isString()) {
            for (DiscardMode mode : DiscardMode.values()) {
                if (mode.name().toLowerCase(Locale.ROOT).equals(value.stringValue())) {
                    return mode;
                }
            }
        }
        throw new Refused("\"" + PREFIX + key + "\" must be \"oldest\" or \"newest\", was "
                + FactoryOperationRequest.describe(value) + ".");
    }

    private static Duration duration(String key, JsonNode value) {
        if (value.isString()) {
            try {
                return DurationStyle.detectAndParse(value.stringValue());
            } catch (IllegalArgumentException notADuration) {
                // answered below
            }
        }
        throw new Refused("\"" + PREFIX + key + "\" must be a duration as in application.yml, such as \"30s\", "
                + "\"500ms\" or \"PT1M\", was " + FactoryOperationRequest.describe(value) + ".");
    }

    private static Map<String, JsonNode> object(String key, JsonNode value, Set<String> allowed) {
        if (!value.isObject()) {
            throw new Refused("\"" + PREFIX + key + "\" must be a JSON object with " + keys(allowed) + ", or null to "
                    + "turn it off, was " + FactoryOperationRequest.describe(value) + ".");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!allowed.contains(entry.getKey())) {
                throw new Refused("Unknown setting \"" + PREFIX + key + "." + entry.getKey() + "\"; "
                        + PREFIX + key + " takes " + keys(allowed) + ".");
            }
            fields.put(entry.getKey(), entry.getValue());
        }
        return fields;
    }

    private static String keys(Set<String> keys) {
        return keys.stream().sorted().map(key -> "\"" + key + "\"").collect(Collectors.joining(", "));
    }
}
