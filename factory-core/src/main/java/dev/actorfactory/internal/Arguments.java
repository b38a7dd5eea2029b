package dev.actorfactory.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks that name the offending argument in their message.
 *
 * <p>Internal: not part of the public API; may change without notice. Stateless and safe to call
 * from any thread.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Returns {@code value} if it is not {@code null}.
     *
     * @throws NullPointerException naming {@code argument} if {@code value} is {@code null}
     */
    public static <T> T notNull(@Nullable T value, String argument) {
        if (value == null) {
            throw new NullPointerException(argument + " must not be null");
        }
        return value;
    }

    /**
     * Returns {@code value} if it is non-null and strictly positive.
     *
     * @throws NullPointerException naming {@code argument} if {@code value} is {@code null}
     * @throws IllegalArgumentException naming {@code argument} if it is zero or negative
     */
    public static Duration positive(@Nullable Duration value, String argument) {
        notNull(value, argument);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(argument + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} if it is non-null and not negative.
     *
     * @throws NullPointerException naming {@code argument} if {@code value} is {@code null}
     * @throws IllegalArgumentException naming {@code argument} if it is negative
     */
    public static Duration notNegative(@Nullable Duration value, String argument) {
        notNull(value, argument);
        if (value.isNegative()) {
            throw new IllegalArgumentException(argument + " must not be negative, was " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} if it is at least {@code min}.
     *
     * @throws IllegalArgumentException naming {@code argument} otherwise
     */
    public static int atLeast(int value, int min, String argument) {
        if (value < min) {
            throw new IllegalArgumentException(argument + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} if it is non-null and not blank.
     *
     * @throws NullPointerException naming {@code argument} if {@code value} is {@code null}
     * @throws IllegalArgumentException naming {@code argument} if it is blank
     */
    public static String notBlank(@Nullable String value, String argument) {
        notNull(value, argument);
        if (value.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank");
        }
        return value;
    }

    /** Converts a duration to nanoseconds, saturating instead of overflowing. */
    public static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
