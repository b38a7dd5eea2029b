package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.factory.stats.WorkerState;
import dev.actorfactory.factory.stats.WorkerStats;

class FactoryStatsTest {

    /** Records every callback as a short string, and the completion times. */
    static final class RecordingListener implements FactoryStatsListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<long[]> completions = new CopyOnWriteArrayList<>();
        final AtomicLong gauges = new AtomicLong();

        @Override
        public void onJobSubmitted(String factory) {
            events.add("submitted");
        }

        @Override
        public void onJobCompleted(String factory, long queueNanos, long processingNanos, long totalNanos) {
            events.add("completed");
            completions.add(new long[] {queueNanos, processingNanos, totalNanos});
        }

        @Override
        public void onJobFailed(String factory, Throwable error) {
            events.add("failed:" + error.getMessage());
        }

        @Override
        public void onJobDiscarded(String factory, DiscardReason reason) {
            events.add("discarded:" + reason.tagValue());
        }

        @Override
        public void onWorkerRestarted(String factory, int workerId) {
            events.add("restarted:" + workerId);
        }

        @Override
        public void onGauges(String factory, int queueDepth, int inFlight, int workers, int queueLimit) {
            if (workers == 1 && queueLimit == 1) {
                gauges.incrementAndGet();
            }
        }
    }

    @Test
    void theListenerHearsOfEveryJobAndTheSnapshotAddsUp() throws Exception {
        RecordingListener listener = new RecordingListener();
        BlockingWorkers blocking = new BlockingWorkers(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("stats")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("fail")) {
                        throw new IllegalStateException("nope");
                    }
                    return blocking.build(id).handle(job);
                })
                .workers(1)
                .discardLimit(1, DiscardMode.NEWEST)
                .pingInterval(Duration.ofMillis(10))
                .statsListener(listener)
                .build().start();

        assertThat(factory.call("k", "ok").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        CompletableFuture<String> failing = factory.call("k", "fail");
        assertThat(failing).failsWithin(Duration.ofSeconds(10));
        CompletableFuture<String> running = factory.call("busy-key", "block");
        blocking.awaitBlocked();
        factory.dispatch("busy-key", "queued");
        factory.dispatch("busy-key", "shed");

        FactoryStats busy = factory.stats();
        assertThat(busy.state()).isEqualTo(FactoryState.RUNNING);
        assertThat(busy.workers()).isEqualTo(1);
        assertThat(busy.busy()).isEqualTo(1);
        assertThat(busy.queueDepth()).isEqualTo(1);
        assertThat(busy.queueLimit()).isEqualTo(1);
        assertThat(busy.outstanding()).isEqualTo(2);
        WorkerStats worker = busy.workerStats().get(0);
        assertThat(worker.state()).isEqualTo(WorkerState.BUSY);
        assertThat(worker.currentKey()).isEqualTo("busy-key");
        assertThat(worker.busyFor()).isNotNull();
        assertThat(worker.queueDepth()).isEqualTo(1);
        assertThat(worker.restarts()).isEqualTo(1);
        assertThat(factory.activeWorkers()).isEqualTo(1);
        assertThat(factory.queueDepth()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.gauges.get() > 0);

        blocking.release();
        running.get(10, TimeUnit.SECONDS);
        FactoryStats done = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(done.submitted()).isEqualTo(5);
        assertThat(done.completed()).isEqualTo(3);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(done.discarded()).isEqualTo(1);
        assertThat(done.discardedByReason()).containsEntry(DiscardReason.LOAD_SHED, 1L);
        assertThat(done.workerStats().get(0).processed()).isEqualTo(4);
        assertThat(listener.events).filteredOn("submitted"::equals).hasSize(5);
        assertThat(listener.events).filteredOn("completed"::equals).hasSize(3);
        assertThat(listener.events).contains("failed:nope", "discarded:load-shed", "restarted:0");
        assertThat(listener.completions).allSatisfy(times -> {
            assertThat(times[0]).isNotNegative();
            assertThat(times[1]).isNotNegative();
            assertThat(times[2]).isEqualTo(times[0] + times[1]);
        });
    }

    @Test
    void aFailingListenerNeverBreaksTheFactory() throws Exception {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("bad-listener")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("crash")) {
                        throw new IllegalStateException("planned");
                    }
                    return "ok";
                })
                .workers(1)
                .pingInterval(Duration.ofMillis(5))
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onJobSubmitted(String factory) {
                        throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void onJobCompleted(String factory, long queue, long processing, long total) {
                        throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void onJobFailed(String factory, Throwable error) {
                        throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void onWorkerRestarted(String factory, int workerId) {
                        throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void onGauges(String factory, int queueDepth, int inFlight, int workers, int limit) {
                        throw new IllegalStateException("listener bug");
                    }
                })
                .discardHandler((job, reason) -> {
                    throw new IllegalStateException("handler bug");
                })
                .build().start();
        assertThat(factory.call("k", "x").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThatThrownBy(() -> factory.call("k", "crash").get(10, TimeUnit.SECONDS)).hasRootCauseMessage("planned");
        assertThat(factory.call("k", "y").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(stats.completed()).isEqualTo(2);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(factory.dispatch("k", "late").reason()).isEqualTo(DiscardReason.SHUTDOWN);
    }
}
