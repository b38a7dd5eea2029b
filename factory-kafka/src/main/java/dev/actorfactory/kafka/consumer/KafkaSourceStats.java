package dev.actorfactory.kafka.consumer;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link KafkaFactorySource} is doing, as of its last poll: immutable, published by the poll thread.
 *
 * @param state            {@code not-started}, {@code running}, {@code stopping}, {@code stopped} or {@code failed}
 * @param paused           whether the partitions are paused (records in flight reached the high-water mark)
 * @param lastPollNanos    {@link System#nanoTime()} of the last poll, 0 before the first
 * @param inFlight         records handed to the factory and not ended
 * @param deadLettered     records acknowledged by the dead-letter topic since the start
 * @param partitions       each assigned partition
 * @param failure          why the source failed, or {@code null}
 */
public record KafkaSourceStats(String state, boolean paused, long lastPollNanos, int inFlight, long deadLettered,
        List<PartitionStats> partitions, @Nullable String failure) {

    static final KafkaSourceStats NOT_STARTED = new KafkaSourceStats("not-started", false, 0, 0, 0, List.of(), null);

    /**
     * One assigned partition.
     *
     * @param topic           the topic
     * @param partition       the partition
     * @param committed       the last offset committed
     * @param frontier        the offset below which every record received has ended (committed at the next commit)
     * @param highestReceived the highest offset handed to the factory, -1 if none
     * @param inFlight        records of the partition not ended
     * @param lag             records in the partition after the consumer's position, -1 when unknown
     */
    public record PartitionStats(String topic, int partition, long committed, long frontier, long highestReceived,
            int inFlight, long lag) {
    }

    KafkaSourceStats stopped() {
        return new KafkaSourceStats("stopped", paused, lastPollNanos, inFlight, deadLettered, partitions, failure);
    }

    KafkaSourceStats failed(String why) {
        return new KafkaSourceStats("failed", paused, lastPollNanos, inFlight, deadLettered, partitions, why);
    }
}
