package dev.actorfactory.kafka.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @Test
    void endsReportedFromOtherThreadsMoveTheFrontierWhenThePollThreadAppliesThem() throws Exception {
        OffsetLedger ledger = new OffsetLedger();
        ledger.assign(P0, 0);
        List<Long> generations = new ArrayList<>();
        for (long offset = 0; offset < 1000; offset++) {
            generations.add(ledger.received(P0, offset));
        }
        CountDownLatch done = new CountDownLatch(4);
        for (int thread = 0; thread < 4; thread++) {
            int first = thread;
            new Thread(() -> {
                for (int offset = first; offset < 1000; offset += 4) {
                    ledger.reportEnd(new OffsetLedger.End(P0, generations.get(offset), offset));
                }
                done.countDown();
            }).start();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ledger.inFlight()).as("reports wait for the poll thread").isEqualTo(1000);
        assertThat(ledger.applyEnds()).isEqualTo(1000);
        assertThat(ledger.inFlight()).isZero();
        assertThat(ledger.commitsDue()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1000)));
    }

    @Test
    void anEndFromAnEarlierAssignmentNeverMovesTheFrontierOfRecordsDeliveredAgain() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.assign(P0, 5);
        long first = ledger.received(P0, 5);
        assertThat(ledger.revoke(P0).inFlight()).isEqualTo(1);
        assertThat(ledger.inFlight()).isZero();
        ledger.assign(P0, 5); // assigned back: offset 5 is delivered again
        long second = ledger.received(P0, 5);
        assertThat(second).isNotEqualTo(first);
        ledger.reportEnd(new OffsetLedger.End(P0, first, 5)); // the old job ends late
        assertThat(ledger.applyEnds()).isZero();
        assertThat(ledger.offsets(P0).frontier()).isEqualTo(5);
        ledger.reportEnd(new OffsetLedger.End(P0, second, 5));
        assertThat(ledger.applyEnds()).isEqualTo(1);
        assertThat(ledger.offsets(P0).frontier()).isEqualTo(6);
    }

    @Test
    void commitsAreDueOnlyForPartitionsWhoseFrontierMoved() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.assign(P0, 0);
        ledger.assign(P1, 100);
        long g0 = ledger.received(P0, 0);
        ledger.received(P1, 100);
        ledger.reportEnd(new OffsetLedger.End(P0, g0, 0));
        ledger.applyEnds();
        Map<TopicPartition, OffsetAndMetadata> due = ledger.commitsDue();
        assertThat(due).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
        ledger.committed(due);
        assertThat(ledger.commitsDue()).isEmpty();
        assertThat(ledger.partitions()).containsExactlyInAnyOrder(P0, P1);
    }
}
