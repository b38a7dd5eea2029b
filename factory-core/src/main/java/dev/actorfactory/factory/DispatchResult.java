package dev.actorfactory.factory;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardReason;

/**
 * The immediate outcome of a fire-and-forget dispatch: accepted (queued or running), or discarded with a reason.
 * An accepted job may still be discarded later (TTL, load shedding by a newer job, shutdown); the discard handler
 * and statistics report that.
 *
 * @param reason {@code null} when accepted
 */
public record DispatchResult(@Nullable DiscardReason reason) {

    private static final DispatchResult ACCEPTED = new DispatchResult(null);
    private static final DispatchResult[] DISCARDED = new DispatchResult[DiscardReason.values().length];

    static {
        for (DiscardReason reason : DiscardReason.values()) {
            DISCARDED[reason.ordinal()] = new DispatchResult(reason);
        }
    }

    /** The accepted result. */
    public static DispatchResult accepted() {
        return ACCEPTED;
    }

    /** A discarded result. */
    public static DispatchResult discarded(DiscardReason reason) {
        return DISCARDED[reason.ordinal()];
    }

    /** Whether the job was accepted. */
    public boolean isAccepted() {
        return reason == null;
    }
}
