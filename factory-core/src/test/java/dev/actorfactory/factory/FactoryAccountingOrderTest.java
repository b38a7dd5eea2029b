package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.discard.DiscardMode;

/**
 * A job's end reaches the stats listener and the discard handler before its reply future completes, so whoever
 * sees the reply also sees the job in the listener's figures (Micrometer meters) and in the handler's effects.
 */
class FactoryAccountingOrderTest {

    @Test
    void completionAndFailureAreReportedBeforeTheReplyCompletes() throws Exception {
        FactoryStatsTest.RecordingListener seen = new FactoryStatsTest.RecordingListener();
        CountDownLatch go = new CountDownLatch(1);
        Factory<String, String, String> factory = Factory.<String, String, String>builder("ordered")
                .workerBuilder(id -> job -> {
                    go.await(10, TimeUnit.SECONDS);
                    if (job.message().equals("fail")) {
                        throw new IllegalStateException("boom");
                    }
                    return job.message();
                })
                .workers(1).statsListener(seen).build();
        factory.start();
        try {
            CompletableFuture<String> ok = factory.call("k", "ok");
            CompletableFuture<String> failing = factory.call("k", "fail");
            // registered before the worker may finish: these run inside the completion itself
            CompletableFuture<Boolean> okSeen = ok.handle((result, error) -> seen.events.contains("completed"));
            CompletableFuture<Boolean> failSeen = failing.handle((result, error) ->
                    seen.events.contains("failed:boom"));
            go.countDown();
            assertThat(okSeen.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failSeen.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            go.countDown();
            factory.drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDiscardReachesTheHandlerAndListenerBeforeTheReplyFails() throws Exception {
        FactoryStatsTest.RecordingListener seen = new FactoryStatsTest.RecordingListener();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("shedding")
                .workerBuilder(id -> job -> job.message())
                .workers(1).discardLimit(1, DiscardMode.OLDEST)
                .discardHandler((job, reason) -> handled.add(job.message()))
                .statsListener(seen).build();
        factory.start();
        try {
            factory.pause();
            CompletableFuture<String> oldest = factory.call("k", "oldest");
            CompletableFuture<Boolean> seenAtFailure = oldest.handle((result, error) ->
                    handled.contains("oldest") && seen.events.contains("discarded:load-shed"));
            CompletableFuture<String> newest = factory.call("k", "newest"); // sheds the oldest
            assertThat(seenAtFailure.get(10, TimeUnit.SECONDS)).isTrue();
            factory.resume();
            assertThat(newest.get(10, TimeUnit.SECONDS)).isEqualTo("newest");
        } finally {
            factory.drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
    }
}
