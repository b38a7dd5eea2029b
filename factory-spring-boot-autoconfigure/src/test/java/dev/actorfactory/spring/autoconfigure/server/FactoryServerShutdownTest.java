package dev.actorfactory.spring.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.FactoryStoppedException;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.discard.JobDiscardedException;
import dev.actorfactory.factory.stats.FactoryStats;

/**
 * Shutting a running web application down with a stuck worker and queued jobs: the drain is bounded by the drain
 * timeout, the running job fails, the queued ones are discarded with reason shutdown, and every accepted job is
 * accounted for — in the reply futures and in the factory's counters.
 */
class FactoryServerShutdownTest {

    @AfterEach
    void release() {
        ServerApp.gate.countDown();
    }

    @Test
    void shutdownWithQueuedWorkLeavesNothingUnaccounted() throws Exception {
        ServerApp.gate = new CountDownLatch(1);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ServerApp.class)
                .properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
                        "factory.configs.default.workers=1", "factory.instances.orders.drain-timeout=300ms")
                .run();
        @SuppressWarnings("unchecked")
        FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
        assertThat(orders.call("k", "warm-up").get(10, TimeUnit.SECONDS)).isEqualTo("WARM-UP");

        CompletableFuture<String> stuck = orders.call("k", "wait");
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(orders.call("k", "queued-" + i));
        }

        context.close();

        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(FactoryStoppedException.class);
        AtomicLong discardedForShutdown = new AtomicLong();
        for (CompletableFuture<String> reply : queued) {
            assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(JobDiscardedException.class, discarded -> {
                        assertThat(discarded.reason()).isEqualTo(DiscardReason.SHUTDOWN);
                        discardedForShutdown.incrementAndGet();
                    });
        }
        assertThat(discardedForShutdown).hasValue(20);

        FactoryStats stats = orders.stats();
        assertThat(stats.submitted()).isEqualTo(22);
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.discardedByReason()).containsEntry(DiscardReason.SHUTDOWN, 20L);
        assertThat(stats.outstanding()).isZero();
    }
}
