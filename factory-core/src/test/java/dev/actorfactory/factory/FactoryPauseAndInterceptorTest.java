package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobInterceptor;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.FactoryStatsListener;

class FactoryPauseAndInterceptorTest {

    @ParameterizedTest
    @EnumSource(value = RoutingMode.class, names = {"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER", "ROUND_ROBIN"})
    void aPausedFactoryAcceptsAndQueuesJobsButRunsNoneUntilResumed(RoutingMode mode) throws Exception {
        Map<Integer, AtomicInteger> pings = new ConcurrentHashMap<>();
        Factory<Integer, Integer, Integer> factory = Factory.<Integer, Integer, Integer>builder("pause-" + mode)
                .workerBuilder(id -> job -> job.message())
                .workers(2)
                .routing(mode)
                .pingInterval(Duration.ofMillis(5))
                .statsListener(new FactoryStatsListener() {
                    @Override
                    public void onWorkerPing(String factory, int workerId, long latencyNanos) {
                        pings.computeIfAbsent(workerId, id -> new AtomicInteger()).incrementAndGet();
                    }
                })
                .build().start();
        factory.pause();
        assertThat(factory.isPaused()).isTrue();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(factory.call(i, i));
        }
        // every worker goes round its loop twice more (answering pings) without taking any of them
        int[] seen = {count(pings, 0), count(pings, 1)};
        await().atMost(Duration.ofSeconds(10)).until(() -> count(pings, 0) >= seen[0] + 2
                && count(pings, 1) >= seen[1] + 2);
        FactoryStats paused = factory.stats();
        assertThat(paused.paused()).isTrue();
        assertThat(paused.completed()).isZero();
        assertThat(paused.queueDepth()).isEqualTo(50);
        assertThat(calls).noneMatch(CompletableFuture::isDone);

        factory.resume();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(factory.isPaused()).isFalse();
        assertThat(factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS).completed()).isEqualTo(50);
    }

    private static int count(Map<Integer, AtomicInteger> pings, int worker) {
        AtomicInteger count = pings.get(worker);
        return count == null ? 0 : count.get();
    }

    @Test
    void drainingAPausedFactoryResumesItSoQueuedJobsFinish() throws Exception {
        Factory<Integer, Integer, Integer> factory = Factory.<Integer, Integer, Integer>builder("pause-drain")
                .workerBuilder(id -> job -> job.message())
                .workers(1)
                .build().start();
        factory.pause();
        CompletableFuture<Integer> queued = factory.call(1, 7);
        assertThat(factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS).completed()).isEqualTo(1);
        assertThat(queued.join()).isEqualTo(7);
        assertThatThrownBy(factory::pause).isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
    }

    /** Carries a thread-local "trace id" from the submitter to the worker, like an observation or MDC would. */
    static final class TraceInterceptor implements JobInterceptor {
        static final ThreadLocal<String> TRACE = new ThreadLocal<>();
        final List<String> around = new CopyOnWriteArrayList<>();

        @Override
        public @Nullable Object capture(Job<?, ?> job) {
            return TRACE.get();
        }

        @Override
        public <R> R around(Job<?, ?> job, @Nullable Object captured, Callable<R> handling) throws Exception {
            String previous = TRACE.get();
            TRACE.set((String) captured);
            around.add(job.key() + ":" + captured + ":attempt " + job.attempt());
            try {
                return handling.call();
            } finally {
                TRACE.set(previous);
            }
        }
    }

    @Test
    void aJobInterceptorCarriesTheSubmittersContextToTheWorkerThread() throws Exception {
        TraceInterceptor interceptor = new TraceInterceptor();
        AtomicInteger attempts = new AtomicInteger();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("context")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("retry") && attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return Thread.currentThread().getName() + " sees " + TraceInterceptor.TRACE.get();
                })
                .workers(2)
                .retryPolicy(dev.actorfactory.factory.job.RetryPolicy.times(1))
                .jobInterceptor(interceptor)
                .build().start();
        TraceInterceptor.TRACE.set("trace-42");
        try {
            String seen = factory.call("k", "x").get(10, TimeUnit.SECONDS);
            assertThat(seen).endsWith("sees trace-42").doesNotStartWith(Thread.currentThread().getName());
            assertThat(factory.call("k", "retry").get(10, TimeUnit.SECONDS)).endsWith("sees trace-42");
        } finally {
            TraceInterceptor.TRACE.remove();
        }
        assertThat(factory.call("k", "y").get(10, TimeUnit.SECONDS)).endsWith("sees null");
        assertThat(interceptor.around).contains("k:trace-42:attempt 1", "k:trace-42:attempt 2", "k:null:attempt 1");
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    }
}
