package dev.actorfactory.actor;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.internal.Arguments;

/**
 * Why an actor terminated: a graceful stop (with its reason), a kill, or a failure (with its exception).
 *
 * @param kind        how it ended
 * @param description a human-readable reason ("stopped", "killed", or the stop reason / failure message)
 * @param error       the failure's exception, only for {@link Kind#FAILED}
 */
public record ExitReason(Kind kind, String description, @Nullable Throwable error) {

    /** How an actor ended. */
    public enum Kind {
        /** Stopped gracefully (by itself, a caller, a timer, its supervisor or the system's shutdown). */
        STOPPED,
        /** Killed: its current message was interrupted and its queue skipped. */
        KILLED,
        /** An exception escaped one of its hooks. */
        FAILED
    }

    /** Validates the combination of fields. */
    public ExitReason {
        Arguments.notNull(kind, "kind");
        Arguments.notNull(description, "description");
        if ((kind == Kind.FAILED) != (error != null)) {
            throw new IllegalArgumentException("error must be set exactly when kind is FAILED");
        }
    }

    /** A graceful stop with the given reason ({@code "stopped"} when null). */
    public static ExitReason stopped(@Nullable String reason) {
        return new ExitReason(Kind.STOPPED, reason == null ? "stopped" : reason, null);
    }

    /** A kill. */
    public static ExitReason killed() {
        return new ExitReason(Kind.KILLED, "killed", null);
    }

    /** A failure caused by {@code error}. */
    public static ExitReason failed(Throwable error) {
        Arguments.notNull(error, "error");
        return new ExitReason(Kind.FAILED, String.valueOf(error), error);
    }

    /** Whether the actor ended abnormally (killed or failed), which is what restart policies react to. */
    public boolean isAbnormal() {
        return kind != Kind.STOPPED;
    }
}
