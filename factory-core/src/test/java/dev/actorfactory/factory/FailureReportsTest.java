package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.failure.FailureRecord;
import dev.actorfactory.factory.failure.KeyDisclosure;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.RetryPolicy;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.FactoryStatsListener;

/** The failure handler, the ring of recent failures, key disclosure, the rate-limited failure log, listeners' jobs. */
class FailureReportsTest {

    private final List<Factory<?, ?, ?>> started = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger reportsLog = (Logger) LoggerFactory.getLogger(FailureReports.class);
    private final Logger housekeepingLog = (Logger) LoggerFactory.getLogger(Housekeeping.class);

    @BeforeEach
    void captureLogs() {
        logged.start();
        reportsLog.addAppender(logged);
        housekeepingLog.addAppender(logged);
    }

    @AfterEach
    void stopAll() {
        reportsLog.detachAppender(logged);
        housekeepingLog.detachAppender(logged);
        started.forEach(factory -> factory.stop().join());
    }

    /** A worker that fails every job whose message starts with "fail", naming the message in the error. */
    private Factory<String, String, String> start(Consumer<Factory.Builder<String, String, String>> settings) {
        Factory.Builder<String, String, String> builder = Factory.<String, String, String>builder("failing")
                .workerBuilder(id -> job -> {
                    if (job.message().startsWith("fail")) {
                        throw new IllegalStateException("boom on " + job.message());
                    }
                    return job.message();
                })
                .workers(1)
                .routing(RoutingMode.QUEUER);
        settings.accept(builder);
        Factory<String, String, String> factory = builder.build().start();
        started.add(factory);
        return factory;
    }

    private static FactoryStats drained(Factory<String, String, String> factory) throws Exception {
        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(stats.outstanding()).isZero();
        return stats;
    }

    private List<ILoggingEvent> warnings() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN).toList();
    }

    @Test
    void theFailureHandlerGetsEachFailedJobOnceAfterItsLastAttemptBeforeItsReplyFails() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        List<JobFuture<String>> calls = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = start(builder -> builder
                .retryPolicy(RetryPolicy.times(2))
                .failureHandler((Job<String, String> job, Throwable error) -> handled.add(job.message() + "#"
                        + job.attempt() + ":" + error.getMessage() + ":replyDone="
                        + calls.stream().anyMatch(call -> call.jobId() == job.id() && call.isDone()))));
        long dispatched = factory.dispatch("k", "fail-dispatch").jobId();
        JobFuture<String> call = factory.call("k", "fail-call");
        calls.add(call);
        factory.call("k", "fine").get(10, TimeUnit.SECONDS);
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            assertThat(expected.getCause()).hasMessage("boom on fail-call");
        }
        FactoryStats stats = drained(factory);

        assertThat(handled).containsExactlyInAnyOrder("fail-dispatch#3:boom on fail-dispatch:replyDone=false",
                "fail-call#3:boom on fail-call:replyDone=false");
        assertThat(stats.failed()).isEqualTo(2);
        assertThat(stats.retries()).isEqualTo(4);
        assertThat(factory.recentFailures()).extracting(FailureRecord::jobId).contains(dispatched, call.jobId());
    }

    @Test
    void theRingKeepsTheMostRecentFailuresNewestFirstWithTheirCause() throws Exception {
        Factory<String, String, String> factory = start(builder -> builder.recentFailures(5).failureLogRate(0));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(factory.dispatch("key-" + i, "fail-" + i).jobId());
        }
        drained(factory);

        List<FailureRecord> recent = factory.recentFailures();
        assertThat(recent).extracting(FailureRecord::jobId).containsExactly(ids.get(7), ids.get(6), ids.get(5),
                ids.get(4), ids.get(3));
        FailureRecord newest = recent.get(0);
        assertThat(newest.key()).isEqualTo("key-7");
        assertThat(newest.attempt()).isEqualTo(1);
        assertThat(newest.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(newest.message()).isEqualTo("boom on fail-7");
        assertThat(newest.stackTrace()).contains("IllegalStateException: boom on fail-7").contains("\tat ");
        assertThat(newest.at()).isNotNull();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aRingOfZeroKeepsNothing() throws Exception {
        Factory<String, String, String> factory = start(builder -> builder.recentFailures(0).failureLogRate(0));
        factory.dispatch("k", "fail");
        assertThat(drained(factory).failed()).isEqualTo(1);
        assertThat(factory.recentFailures()).isEmpty();
    }

    @Test
    void aFailureIsLoggedAtWarnWithItsStackTraceAndItsJobId() throws Exception {
        Factory<String, String, String> factory = start(builder -> { });
        long id = factory.dispatch("customer-42", "fail-once").jobId();
        drained(factory);

        assertThat(warnings()).hasSize(1);
        ILoggingEvent line = warnings().get(0);
        assertThat(line.getFormattedMessage()).contains("job " + id).contains("customer-42")
                .contains("boom on fail-once");
        assertThat(line.getThrowableProxy()).as("the stack trace").isNotNull();
        assertThat(line.getThrowableProxy().getMessage()).isEqualTo("boom on fail-once");
    }

    @Test
    void hashedKeysNeverAppearInRecordsOrLogsButStayRecognisable() throws Exception {
        Factory<String, String, String> factory = start(builder -> builder.keyDisclosure(KeyDisclosure.HASHED)
                .retryPolicy(RetryPolicy.times(1)));
        factory.dispatch("alice@example.com", "fail-a");
        factory.dispatch("alice@example.com", "fail-b");
        drained(factory);

        List<FailureRecord> recent = factory.recentFailures();
        assertThat(recent).hasSize(2);
        assertThat(recent.get(0).key()).matches("#[0-9a-f]{12}").isEqualTo(recent.get(1).key());
        assertThat(recent.get(0).key()).isEqualTo(KeyDisclosure.HASHED.show("alice@example.com"))
                .isNotEqualTo(KeyDisclosure.HASHED.show("bob@example.com"));
        assertThat(warnings()).hasSize(4); // two retries, two failures
        assertThat(warnings()).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain("alice").contains(recent.get(0).key()));
        assertThat(KeyDisclosure.HIDDEN.show("alice@example.com")).isEqualTo("(hidden)");
    }

    @Test
    void aCrashLoopCannotFloodTheLog() throws Exception {
        Factory<String, String, String> factory = start(builder -> builder.failureLogRate(3));
        long began = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            factory.dispatch("k", "fail-" + i);
        }
        FactoryStats stats = drained(factory);
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

        assertThat(stats.failed()).isEqualTo(40);
        assertThat(factory.recentFailures()).hasSize(20); // the ring still sees them all (the default capacity)
        // a bucket of 3 refilling 3 a minute: 3 lines, plus one per 20 s the test took
        assertThat(warnings()).hasSizeBetween(3, 3 + (int) (elapsedSeconds / 20) + 1);
        Factory<String, String, String> silent = start(builder -> builder.failureLogRate(0));
        logged.list.clear();
        silent.dispatch("k", "fail");
        drained(silent);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void listenersSeeTheJobOfEveryEnding() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        BlockingWorkers blocking = new BlockingWorkers(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("listened")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("fail") && job.attempt() == 1) {
                        throw new IllegalStateException("first attempt");
                    }
                    return blocking.build(id).handle(job);
                })
                .workers(1)
                .retryPolicy(RetryPolicy.times(1))
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onJobCompleted(String factory, Job<?, ?> job) {
                        events.add("completed " + job.id() + " " + job.message());
                    }

                    @Override
                    public void onJobRetried(String factory, Job<?, ?> retry, Throwable error) {
                        events.add("retried " + retry.id() + " as attempt " + retry.attempt());
                    }

                    @Override
                    public void onJobDiscarded(String factory, Job<?, ?> job, DiscardReason reason) {
                        events.add("discarded " + job.id() + " " + reason.tagValue());
                    }
                })
                .build().start();
        started.add(factory);
        long blocker = factory.dispatch("k", "block").jobId();
        blocking.awaitBlocked();
        long failing = factory.dispatch("k", "fail").jobId();
        long cancelled = factory.dispatch("k", "cancel-me").jobId();
        assertThat(factory.cancel(cancelled)).isTrue();
        blocking.release();
        drained(factory);

        assertThat(events).containsExactly("discarded " + cancelled + " cancelled", "completed " + blocker + " block",
                "retried " + failing + " as attempt 2", "completed " + failing + " fail");
    }
}
