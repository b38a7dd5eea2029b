package dev.actorfactory.factory;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.discard.DiscardReason;

/**
 * The immediate outcome of a fire-and-forget dispatch: the job's id, and whether it was accepted (queued or
 * running) or discarded with a reason. An accepted job may still be discarded later (TTL, load shedding by a newer
 * job, shutdown, {@link FactoryRef#cancel(long) cancel}); the discard handler and statistics report that, with the
 * same id.
 *
 * @param jobId  the job's id (see {@link dev.actorfactory.factory.job.Job#id()}); a job discarded at once had an
 *               id too, which its discard handler saw
 * @param reason {@code null} when accepted
 */
public record DispatchResult(long jobId, @Nullable DiscardReason reason) {

    /** An accepted result. */
    public static DispatchResult accepted(long jobId) {
        return new DispatchResult(jobId, null);
    }

    /** A discarded result. */
    public static DispatchResult discarded(long jobId, DiscardReason reason) {
        return new DispatchResult(jobId, reason);
    }

    /** Whether the job was accepted. */
    public boolean isAccepted() {
        return reason == null;
    }
}
