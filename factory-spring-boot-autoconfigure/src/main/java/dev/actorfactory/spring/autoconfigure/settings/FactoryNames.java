package dev.actorfactory.spring.autoconfigure.settings;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The names a factory (or a template) may have: 1 to 64 letters, digits, {@code -} and {@code _}, starting with a
 * letter or digit. A factory's name is a key under {@code factory.instances} (where dots and brackets would need
 * escaping), a path segment of {@code /actuator/factories/{name}}, the name of its health contributor and its
 * {@code FactoryRef} bean, and a metric tag; this is what all of them accept unchanged.
 *
 * <p>Threads: stateless.
 */
public final class FactoryNames {

    /** The rule, as the reports state it. */
    public static final String RULE = "1 to 64 letters, digits, '-' or '_', starting with a letter or digit";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private FactoryNames() {
    }

    /** What is wrong with {@code name} (a phrase such as "contains '/'"), or {@code null} if it is valid. */
    public static @Nullable String problem(String name) {
        if (VALID.matcher(name).matches()) {
            return null;
        }
        if (name.isBlank()) {
            return "is blank";
        }
        if (name.length() > 64) {
            return "is " + name.length() + " characters long, more than 64";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                return "contains '" + c + "'";
            }
        }
        return "starts with '" + name.charAt(0) + "'";
    }

    /** A valid name close to {@code name}: other characters become {@code -}. */
    public static String suggest(String name) {
        String replaced = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^[-_]+", "")
                .replaceAll("-+$", "");
        if (replaced.isEmpty()) {
            return "orders";
        }
        return replaced.length() > 64 ? replaced.substring(0, 64) : replaced;
    }
}
