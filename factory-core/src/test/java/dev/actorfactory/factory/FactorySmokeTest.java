package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorfactory.factory.routing.RoutingMode;

class FactorySmokeTest {

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void everyRoutingModeRunsJobsAndAnswersCalls(RoutingMode mode) throws Exception {
        Factory.Builder<Integer, Integer, Integer> builder = Factory.<Integer, Integer, Integer>builder("smoke-" + mode)
                .workerBuilder(id -> job -> job.message() * 2)
                .workers(3)
                .routing(mode);
        if (mode == RoutingMode.CUSTOM_HASH) {
            builder.customHash((key, n) -> key % n);
        }
        Factory<Integer, Integer, Integer> factory = builder.build().start();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            answers.add(factory.call(i % 37, i));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).join()).isEqualTo(i * 2);
        }
        var stats = factory.drain(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
        assertThat(stats.submitted()).isEqualTo(10_000);
        assertThat(stats.completed()).isEqualTo(10_000);
        assertThat(stats.outstanding()).isZero();
    }
}
