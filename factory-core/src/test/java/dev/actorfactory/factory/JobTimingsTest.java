package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.factory.stats.WorkerStats;

/** Which jobs carry timestamps: those of a factory that needs them (or is asked to), and those with a TTL. */
class JobTimingsTest {

    /** What the worker saw of its job, taken while it ran. */
    record Seen(long accepted, long routed, long started, Duration queueTime) {
    }

    private static Factory<String, String, Seen> factory(RoutingMode routing,
            UnaryOperator<Factory.Builder<String, String, Seen>> settings) {
        Factory.Builder<String, String, Seen> builder = Factory.<String, String, Seen>builder("timings-" + routing)
                .workerBuilder(id -> (Job<String, String> job) -> new Seen(job.acceptedAtNanos(), job.routedAtNanos(),
                        job.startedAtNanos(), job.queueTime()))
                .workers(2)
                .routing(routing);
        if (routing == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> 0);
        }
        return settings.apply(builder).build().start();
    }

    private static Seen run(Factory<String, String, Seen> factory, JobOptions options) throws Exception {
        try {
            return factory.call("k", "m", options).get(10, TimeUnit.SECONDS);
        } finally {
            factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"ROUND_ROBIN", "QUEUER"})
    void aFactoryThatNeedsNoTimesReadsNoClock(RoutingMode routing) throws Exception {
        Seen seen = run(factory(routing, b -> b), JobOptions.defaults());
        assertThat(seen).isEqualTo(new Seen(0, 0, 0, null));
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"ROUND_ROBIN", "QUEUER"})
    void askedForTimingsEveryJobRecordsThemInOrder(RoutingMode routing) throws Exception {
        long before = System.nanoTime();
        Seen seen = run(factory(routing, b -> b.recordTimings(true)), JobOptions.defaults());
        assertTimed(seen, before);
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"ROUND_ROBIN", "QUEUER"})
    void aStatsListenerTurnsTimingsOn(RoutingMode routing) throws Exception {
        long before = System.nanoTime();
        Seen seen = run(factory(routing, b -> b.statsListener(new FactoryStatsListener() {
        })), JobOptions.defaults());
        assertTimed(seen, before);
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"ROUND_ROBIN", "QUEUER"})
    void aJobWithATimeToLiveRecordsItsAcceptance(RoutingMode routing) throws Exception {
        long before = System.nanoTime();
        Seen seen = run(factory(routing, b -> b), JobOptions.defaults().withTtl(Duration.ofMinutes(1)));
        assertThat(seen.accepted() - before).isNotNegative();
        assertThat(seen.started()).isZero();
        assertThat(seen.queueTime()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"ROUND_ROBIN", "QUEUER"})
    void aBusyWorkerReportsHowLongOnlyWhenTimingsAreRecorded(RoutingMode routing) throws Exception {
        for (boolean timed : new boolean[] {false, true}) {
            BlockingWorkers blocking = new BlockingWorkers(1);
            Factory<String, String, String> factory = Factory.<String, String, String>builder("busy-" + timed)
                    .workerBuilder(blocking)
                    .workers(1)
                    .routing(routing)
                    .recordTimings(timed)
                    .build().start();
            CompletableFuture<String> running = factory.call("k", "block");
            blocking.awaitBlocked();
            WorkerStats worker = factory.stats().workerStats().get(0);
            if (timed) {
                assertThat(worker.busyFor()).isNotNull();
            } else {
                assertThat(worker.busyFor()).isNull();
            }
            blocking.release();
            running.get(10, TimeUnit.SECONDS);
            factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        }
    }

    private static void assertTimed(Seen seen, long before) {
        assertThat(seen.accepted() - before).isNotNegative();
        assertThat(seen.routed() - seen.accepted()).isNotNegative();
        assertThat(seen.started() - seen.routed()).isNotNegative();
        assertThat(seen.queueTime()).isEqualTo(Duration.ofNanos(seen.started() - seen.accepted()));
    }
}
