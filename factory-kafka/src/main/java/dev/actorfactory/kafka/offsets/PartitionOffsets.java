package dev.actorfactory.kafka.offsets;

import java.util.Arrays;

/**
 * The offsets of one partition that were handed to a factory and have not all ended, and the <em>frontier</em>:
 * the offset below which every record received has ended (completed, or dead-lettered and acknowledged). The
 * frontier is what may be committed — after a crash only records at or above it are delivered again.
 *
 * <p>Offsets are {@linkplain #received received} in increasing order (as a consumer polls them; gaps, from compaction
 * or transaction markers, are fine) and {@linkplain #ended end} in any order. The received offsets not yet passed by
 * the frontier sit in a ring, oldest first, with an "ended" flag each; ending an offset finds it by binary search
 * and, when it is the oldest, moves the frontier past every ended offset at the head. Each operation is O(log n) in
 * the records in flight, and nothing is allocated while the ring has room.
 *
 * <p>Threads: not thread-safe. It belongs to the consumer's poll thread; workers report ends through
 * {@link OffsetLedger}, which hands them to the poll thread.
 */
public final class PartitionOffsets {

    private long[] offsets = new long[64];
    private boolean[] ended = new boolean[64];
    private int head;
    private int size;
    /** Entries in the ring that have not ended. */
    private int inFlight;
    /** The next offset to consume when nothing is in the ring: one past the highest received (or the start). */
    private long next;
    private long highestReceived = -1;
    private long committed;

    /**
     * Starts tracking at {@code position}: the offset the consumer will read next, which is also what is committed
     * (or was) for the partition.
     */
    public PartitionOffsets(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative, was " + position);
        }
        this.next = position;
        this.committed = position;
    }

    /**
     * Records that the record at {@code offset} was handed to the factory.
     *
     * @throws IllegalArgumentException if {@code offset} is not above every offset received before
     */
    public void received(long offset) {
        if (offset < next) {
            throw new IllegalArgumentException("offset " + offset + " is below the next expected offset " + next);
        }
        if (size == offsets.length) {
            grow();
        }
        int slot = (head + size) % offsets.length;
        offsets[slot] = offset;
        ended[slot] = false;
        size++;
        inFlight++;
        next = offset + 1;
        highestReceived = offset;
    }

    /**
     * Records that the record at {@code offset} ended. Ends of offsets that are not in flight (already ended, never
     * received, or below the frontier) are ignored and answer {@code false}.
     *
     * @return whether this ended a record in flight
     */
    public boolean ended(long offset) {
        int index = find(offset);
        if (index < 0) {
            return false;
        }
        int slot = (head + index) % offsets.length;
        if (ended[slot]) {
            return false;
        }
        ended[slot] = true;
        inFlight--;
        while (size > 0 && ended[head]) {
            head = (head + 1) % offsets.length;
            size--;
        }
        return true;
    }

    /** The offset to commit: the oldest record not ended, or one past the highest received if all ended. */
    public long frontier() {
        return size > 0 ? offsets[head] : next;
    }

    /** Records received and not ended. */
    public int inFlight() {
        return inFlight;
    }

    /** The highest offset received, or -1 if none. */
    public long highestReceived() {
        return highestReceived;
    }

    /** The last offset committed (or the position tracking started at). */
    public long committed() {
        return committed;
    }

    /** Whether the frontier moved past the last commit. */
    public boolean commitDue() {
        return frontier() > committed;
    }

    /** Records that {@code offset} was committed. */
    public void committedAt(long offset) {
        if (offset > committed) {
            committed = offset;
        }
    }

    /** The index in the ring (0 = head) of {@code offset}, or -1. */
    private int find(long offset) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long value = offsets[(head + middle) % offsets.length];
            if (value < offset) {
                low = middle + 1;
            } else if (value > offset) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private void grow() {
        long[] grownOffsets = new long[offsets.length * 2];
        boolean[] grownEnded = new boolean[offsets.length * 2];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % offsets.length;
            grownOffsets[i] = offsets[slot];
            grownEnded[i] = ended[slot];
        }
        offsets = grownOffsets;
        ended = grownEnded;
        head = 0;
    }

    @Override
    public String toString() {
        long[] oldest = new long[Math.min(size, 8)];
        for (int i = 0; i < oldest.length; i++) {
            oldest[i] = offsets[(head + i) % offsets.length];
        }
        return "PartitionOffsets[frontier=" + frontier() + ", inFlight=" + inFlight + ", highestReceived="
                + highestReceived + ", committed=" + committed + ", oldest=" + Arrays.toString(oldest) + "]";
    }
}
