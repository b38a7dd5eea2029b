package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.stats.FactoryStats;

/** Two-phase dispatch: a prepared job is counted at once and runs only once dispatched; or it is cancelled. */
class PreparedJobTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final Factory<String, String, String> factory = Factory.<String, String, String>builder("prepared")
            .workerBuilder(id -> job -> {
                ran.add(job.message());
                return job.message();
            })
            .workers(2)
            .discardHandler((Job<String, String> job, DiscardReason reason) ->
                    discarded.add(job.message() + ":" + reason.tagValue()))
            .build().start();

    @AfterEach
    void stop() {
        factory.stop().join();
    }

    @Test
    void aPreparedJobWaitsUntilDispatchedAndThenRunsOnce() throws Exception {
        PreparedJob prepared = factory.prepare("k", "after-commit", JobOptions.defaults());
        assertThat(prepared.jobId()).isPositive();
        FactoryStats held = factory.stats();
        assertThat(held.scheduled()).isEqualTo(1);
        assertThat(held.outstanding()).isEqualTo(1);
        factory.call("k", "probe").get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("probe");

        DispatchResult result = prepared.dispatch();
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.jobId()).isEqualTo(prepared.jobId());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        assertThat(prepared.dispatch().reason()).as("a second dispatch does nothing").isEqualTo(DiscardReason.CANCELLED);
        assertThat(prepared.cancel()).isFalse();
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("probe", "after-commit");
        assertThat(stats.completed()).isEqualTo(2);
        assertThat(stats.outstanding()).isZero();
    }

    @Test
    void aCancelledPreparedJobNeverRunsAndIsCountedAsCancelled() throws Exception {
        PreparedJob rolledBack = factory.prepare("k", "rolled-back", JobOptions.defaults());
        PreparedJob byId = factory.prepare("k", "cancelled-by-id", JobOptions.defaults());
        assertThat(rolledBack.cancel()).isTrue();
        assertThat(rolledBack.cancel()).isFalse();
        assertThat(rolledBack.dispatch().reason()).isEqualTo(DiscardReason.CANCELLED);
        assertThat(factory.cancel(byId.jobId())).isTrue();
        assertThat(byId.dispatch().reason()).isEqualTo(DiscardReason.CANCELLED);
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(ran).isEmpty();
        assertThat(discarded).containsExactly("rolled-back:cancelled", "cancelled-by-id:cancelled");
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.CANCELLED, 2L);
    }

    @Test
    void aDrainDiscardsHeldJobsAndAStoppedFactoryRefusesToPrepare() throws Exception {
        PreparedJob held = factory.prepare("k", "held", JobOptions.defaults());
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(discarded).containsExactly("held:shutdown");
        assertThat(stats.outstanding()).isZero();
        assertThat(held.dispatch().reason()).isEqualTo(DiscardReason.SHUTDOWN);
        PreparedJob late = factory.prepare("k", "late", JobOptions.defaults());
        assertThat(late.dispatch().reason()).isEqualTo(DiscardReason.SHUTDOWN);
        assertThat(late.cancel()).isFalse();
    }

    @Test
    void dispatchAndCancelRacingDecideOnceForEachJob() throws Exception {
        int n = 300;
        int dispatchedWins = 0;
        for (int i = 0; i < n; i++) {
            PreparedJob prepared = factory.prepare("k" + (i % 3), "m" + i, JobOptions.defaults());
            CyclicBarrier both = new CyclicBarrier(2);
            AtomicBoolean cancelled = new AtomicBoolean();
            Thread canceller = new Thread(() -> {
                try {
                    both.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                cancelled.set(prepared.cancel());
            });
            canceller.start();
            both.await(10, TimeUnit.SECONDS);
            boolean dispatched = prepared.dispatch().isAccepted();
            canceller.join();
            assertThat(dispatched ^ cancelled.get()).as("job %d: dispatched=%s cancelled=%s", i, dispatched,
                    cancelled.get()).isTrue();
            if (dispatched) {
                dispatchedWins++;
            }
        }
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(stats.completed()).isEqualTo(dispatchedWins);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.CANCELLED, (long) (n - dispatchedWins));
        assertThat(ran).hasSize(dispatchedWins);
    }
}
