package dev.actorfactory.kafka.offsets;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The offsets in flight of every partition a consumer owns, and the commits they allow.
 *
 * <p>Single writer: everything but {@link #reportEnd} belongs to the consumer's poll thread. Workers (any thread)
 * report the end of a record with {@link #reportEnd}, which only enqueues it; the poll thread applies the reports
 * with {@link #applyEnds} before it decides what to commit, pause or resume. Each assignment of a partition gets a
 * new <em>generation</em>: a report from an earlier assignment (a job that ended after its partition was revoked, and
 * maybe assigned back) is dropped, so it can never move the frontier of records delivered again.
 */
public final class OffsetLedger {

    /**
     * The end of the record at {@code offset} of {@code partition}, delivered under assignment {@code generation}.
     *
     * @param partition  the record's partition
     * @param generation the assignment it was received under (from {@link #received})
     * @param offset     the record's offset
     */
    public record End(TopicPartition partition, long generation, long offset) {
    }

    private record Owned(long generation, PartitionOffsets offsets) {
    }

    private final Map<TopicPartition, Owned> owned = new HashMap<>();
    private final ConcurrentLinkedQueue<End> reported = new ConcurrentLinkedQueue<>();
    private long generations;
    private int inFlight;

    /** Starts tracking {@code partition} from {@code position}, the next offset the consumer reads there. */
    public void assign(TopicPartition partition, long position) {
        owned.put(partition, new Owned(++generations, new PartitionOffsets(position)));
    }

    /**
     * Stops tracking {@code partition}; later reports of its records are dropped.
     *
     * @return its offsets as they were, or {@code null} if it was not tracked
     */
    public @Nullable PartitionOffsets revoke(TopicPartition partition) {
        Owned removed = owned.remove(partition);
        if (removed == null) {
            return null;
        }
        inFlight -= removed.offsets().inFlight();
        return removed.offsets();
    }

    /**
     * Records that the record at {@code offset} of {@code partition} was handed to the factory.
     *
     * @return the generation to report its end with
     * @throws IllegalStateException if the partition is not tracked
     */
    public long received(TopicPartition partition, long offset) {
        Owned tracked = owned.get(partition);
        if (tracked == null) {
            throw new IllegalStateException(partition + " is not assigned");
        }
        tracked.offsets().received(offset);
        inFlight++;
        return tracked.generation();
    }

    /** Reports that a record ended. Any thread; applied by the poll thread's next {@link #applyEnds}. */
    public void reportEnd(End end) {
        reported.add(end);
    }

    /**
     * Applies the ends reported so far.
     *
     * @return how many records in flight ended
     */
    public int applyEnds() {
        return applyEnds(end -> { });
    }

    /**
     * Applies the ends reported so far, telling {@code onEnded} of each that ended a record in flight.
     *
     * @return how many records in flight ended
     */
    public int applyEnds(java.util.function.Consumer<End> onEnded) {
        int applied = 0;
        for (End end = reported.poll(); end != null; end = reported.poll()) {
            Owned tracked = owned.get(end.partition());
            if (tracked != null && tracked.generation() == end.generation() && tracked.offsets().ended(end.offset())) {
                inFlight--;
                applied++;
                onEnded.accept(end);
            }
        }
        return applied;
    }

    /** Records in flight, over every partition. */
    public int inFlight() {
        return inFlight;
    }

    /** The offsets of {@code partition}, or {@code null} if it is not tracked. */
    public @Nullable PartitionOffsets offsets(TopicPartition partition) {
        Owned tracked = owned.get(partition);
        return tracked == null ? null : tracked.offsets();
    }

    /** The partitions tracked. */
    public Set<TopicPartition> partitions() {
        return Collections.unmodifiableSet(owned.keySet());
    }

    /** The commits the frontiers allow: for each partition whose frontier moved past its last commit. */
    public Map<TopicPartition, OffsetAndMetadata> commitsDue() {
        Map<TopicPartition, OffsetAndMetadata> due = new LinkedHashMap<>();
        owned.forEach((partition, tracked) -> {
            if (tracked.offsets().commitDue()) {
                due.put(partition, new OffsetAndMetadata(tracked.offsets().frontier()));
            }
        });
        return due;
    }

    /** Records that {@code commits} succeeded. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> commits) {
        commits.forEach((partition, offset) -> {
            PartitionOffsets offsets = offsets(partition);
            if (offsets != null) {
                offsets.committedAt(offset.offset());
            }
        });
    }
}
