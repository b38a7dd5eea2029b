package dev.actorfactory.kafka.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionOffsetsTest {

    @Test
    void theFrontierIsTheOldestRecordNotEnded() {
        PartitionOffsets offsets = new PartitionOffsets(10);
        assertThat(offsets.frontier()).isEqualTo(10);
        offsets.received(10);
        offsets.received(11);
        offsets.received(14); // a gap: 12 and 13 were compacted away
        assertThat(offsets.frontier()).isEqualTo(10);
        assertThat(offsets.ended(11)).isTrue();
        assertThat(offsets.frontier()).as("11 ended, but 10 has not").isEqualTo(10);
        assertThat(offsets.ended(10)).isTrue();
        assertThat(offsets.frontier()).isEqualTo(14);
        assertThat(offsets.ended(14)).isTrue();
        assertThat(offsets.frontier()).as("everything ended: one past the highest").isEqualTo(15);
        assertThat(offsets.inFlight()).isZero();
    }

    @Test
    void endsOfRecordsNotInFlightAreIgnored() {
        PartitionOffsets offsets = new PartitionOffsets(0);
        offsets.received(0);
        offsets.received(1);
        assertThat(offsets.ended(5)).as("never received").isFalse();
        assertThat(offsets.ended(1)).isTrue();
        assertThat(offsets.ended(1)).as("already ended").isFalse();
        assertThat(offsets.ended(0)).isTrue();
        assertThat(offsets.ended(0)).as("below the frontier").isFalse();
        assertThat(offsets.inFlight()).isZero();
    }

    @Test
    void offsetsMustIncrease() {
        PartitionOffsets offsets = new PartitionOffsets(5);
        assertThatThrownBy(() -> offsets.received(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 4 is below the next expected offset 5");
        offsets.received(5);
        assertThatThrownBy(() -> offsets.received(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionOffsets(-1)).hasMessageContaining("position");
    }

    @Test
    void aCommitIsDueOnlyWhenTheFrontierMovedPastTheLastOne() {
        PartitionOffsets offsets = new PartitionOffsets(0);
        offsets.received(0);
        assertThat(offsets.commitDue()).isFalse();
        offsets.ended(0);
        assertThat(offsets.commitDue()).isTrue();
        offsets.committedAt(offsets.frontier());
        assertThat(offsets.commitDue()).isFalse();
        assertThat(offsets.committed()).isEqualTo(1);
        offsets.committedAt(0);
        assertThat(offsets.committed()).as("a late, older commit does not go back").isEqualTo(1);
    }

    /**
     * Property: whatever the order of ends (and the gaps between offsets), the frontier equals that of a plain model
     * — the lowest received offset not ended, else one past the highest received — and never goes backwards.
     */
    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 42, 1234, 99_999 })
    void theFrontierMatchesAModelUnderAnyOrderOfEnds(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            long start = random.nextInt(1000);
            PartitionOffsets offsets = new PartitionOffsets(start);
            TreeSet<Long> notEnded = new TreeSet<>();
            List<Long> pending = new ArrayList<>();
            long next = start;
            long highest = -1;
            long lastFrontier = start;
            for (int step = 0; step < 300; step++) {
                if (pending.isEmpty() || random.nextInt(3) > 0) {
                    long offset = next + (random.nextInt(5) == 0 ? random.nextInt(4) : 0);
                    offsets.received(offset);
                    notEnded.add(offset);
                    pending.add(offset);
                    highest = offset;
                    next = offset + 1;
                } else {
                    Collections.swap(pending, random.nextInt(pending.size()), pending.size() - 1);
                    long offset = pending.remove(pending.size() - 1);
                    assertThat(offsets.ended(offset)).isTrue();
                    notEnded.remove(offset);
                }
                long model = notEnded.isEmpty() ? (highest < 0 ? start : highest + 1) : notEnded.first();
                assertThat(offsets.frontier()).as("seed %d round %d step %d", seed, round, step).isEqualTo(model);
                assertThat(offsets.frontier()).isGreaterThanOrEqualTo(lastFrontier);
                assertThat(offsets.inFlight()).isEqualTo(notEnded.size());
                lastFrontier = offsets.frontier();
            }
        }
    }
}
