package dev.actorfactory.benchmarks;

import java.time.Duration;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.worker.WorkerThreads;

/** Builds the factories under test: tiny workers that deliver each payload to a {@link Sink}. */
final class FactoryFixture {

    private FactoryFixture() {
    }

    static Factory<Integer, Long, Long> start(String name, RoutingMode routing, int workers, WorkerThreads threads,
            Sink sink, long blockNanos) {
        Factory.Builder<Integer, Long, Long> builder = Factory.<Integer, Long, Long>builder(name)
                .workerBuilder(id -> job -> {
                    if (blockNanos > 0) {
                        Blocking.block(blockNanos);
                    }
                    long payload = job.message();
                    sink.accept(payload);
                    return payload;
                })
                .workers(workers)
                .routing(routing)
                .workerThreads(threads);
        if (routing == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key);
        }
        return builder.build().start();
    }

    static void stop(Factory<?, ?, ?> factory) {
        factory.drain(Duration.ofSeconds(30)).join();
    }
}
