package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.lifecycle.DelayedJobsAtDrain;
import dev.actorfactory.factory.stats.FactoryStats;

/**
 * A drain that times out while jobs come due and runners take from their inboxes completes only once every job has
 * ended: its statistics account for all of them. (A runner can take jobs out of its inbox just as the queues close
 * and discard them a moment later; the drain used to complete before that, with jobs outstanding.) Many short
 * rounds, because the window is narrow: CI runs this under load.
 */
class DrainAccountingStressTest {

    @ParameterizedTest
    @EnumSource(DelayedJobsAtDrain.class)
    void aTimedOutDrainCompletesOnlyWhenEveryJobHasEnded(DelayedJobsAtDrain policy) throws Exception {
        for (int round = 0; round < 150; round++) {
            Set<String> ended = ConcurrentHashMap.newKeySet();
            Factory<String, String, String> factory = Factory.<String, String, String>builder("drain-stress")
                    .workerBuilder(id -> job -> job.message())
                    .workers(2)
                    .delayedJobsAtDrain(policy)
                    .discardHandler((Job<String, String> job, DiscardReason reason) -> ended.add(job.message()))
                    .build().start();
            int n = 2000;
            for (int i = 0; i < n; i++) {
                factory.dispatchAfter("k" + (i % 5), "m" + i, Duration.ofNanos((i % 40) * 100_000L));
            }
            FactoryStats stats = factory.drain(Duration.ofMillis(2)).get(20, TimeUnit.SECONDS);

            assertThat(stats.outstanding()).as("round %d: every job ended when the drain completed", round)
                    .isZero();
            assertThat(stats.submitted()).isEqualTo(n);
            assertThat(stats.completed() + stats.failed() + stats.discarded()).isEqualTo(n);
        }
    }
}
