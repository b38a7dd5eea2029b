package dev.actorfactory.spring.autoconfigure.settings;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.spring.autoconfigure.FactoryConfigurationException;

/**
 * One thing wrong with the {@code factory.*} configuration, in property terms: the key the user wrote, the value
 * found there ({@code null} where the problem is a key that is missing or should not be there), the rule it breaks,
 * and what to write instead.
 *
 * @param key    the full property key, as written (e.g. {@code factory.configs.default.job-ttl})
 * @param value  the value written there, or {@code null}
 * @param rule   the rule, in property terms
 * @param action what to write instead
 */
public record ConfigurationProblem(String key, @Nullable Object value, String rule, String action) {

    /** The problem in one sentence: key, value and rule. */
    public String describe() {
        return value == null ? key + ": " + rule : key + " is " + show(value) + ": " + rule;
    }

    /**
     * One exception reporting every problem: its description lists key, value and rule of each, its action the fix of
     * each, in the same order.
     */
    public static FactoryConfigurationException toException(List<ConfigurationProblem> problems) {
        if (problems.size() == 1) {
            return new FactoryConfigurationException(problems.get(0).describe(), problems.get(0).action());
        }
        String description = problems.size() + " problems in the factory configuration:\n" + problems.stream()
                .map(problem -> "  - " + problem.describe()).collect(Collectors.joining("\n"));
        String action = problems.stream().map(problem -> "  - " + problem.action())
                .collect(Collectors.joining("\n"));
        return new FactoryConfigurationException(description, "Fix each of them:\n" + action);
    }

    private static String show(Object value) {
        if (value instanceof Duration duration) {
            return format(duration);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        return String.valueOf(value);
    }

    /** A duration as a user writes it in YAML: {@code -5s}, {@code 250ms}, or ISO-8601 below a millisecond. */
    public static String format(Duration duration) {
        if (duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
