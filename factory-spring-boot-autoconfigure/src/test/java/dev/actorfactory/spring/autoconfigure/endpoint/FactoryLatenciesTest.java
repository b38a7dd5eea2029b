package dev.actorfactory.spring.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.stats.FactoryStatsListener;

class FactoryLatenciesTest {

    private static final long MS = 1_000_000L;

    @Test
    void nearestRankPercentilesInMilliseconds() {
        FactoryLatencies latencies = new FactoryLatencies();
        FactoryStatsListener listener = latencies.listenerFor("f");
        for (int i = 100; i >= 1; i--) {
            listener.onJobCompleted("f", i * MS, 2 * i * MS, 3 * i * MS);
        }
        Map<String, Object> percentiles = latencies.percentiles("f");
        assertThat(percentiles).containsEntry("samples", 100);
        assertThat(percentiles.get("queueWait"))
                .isEqualTo(Map.of("p50", 50.0, "p90", 90.0, "p99", 99.0, "max", 100.0));
        assertThat(percentiles.get("processing"))
                .isEqualTo(Map.of("p50", 100.0, "p90", 180.0, "p99", 198.0, "max", 200.0));
    }

    @Test
    void keepsOnlyTheMostRecentWindow() {
        FactoryLatencies latencies = new FactoryLatencies();
        FactoryStatsListener listener = latencies.listenerFor("f");
        for (int i = 0; i < FactoryLatencies.WINDOW; i++) {
            listener.onJobCompleted("f", 1000 * MS, 1000 * MS, 2000 * MS);
        }
        for (int i = 0; i < FactoryLatencies.WINDOW; i++) {
            listener.onJobCompleted("f", MS, MS, 2 * MS);
        }
        Map<String, Object> percentiles = latencies.percentiles("f");
        assertThat(percentiles).containsEntry("samples", FactoryLatencies.WINDOW);
        assertThat(percentiles.get("processing")).isEqualTo(Map.of("p50", 1.0, "p90", 1.0, "p99", 1.0, "max", 1.0));
    }

    @Test
    void emptyAndUnknownFactories() {
        FactoryLatencies latencies = new FactoryLatencies();
        latencies.listenerFor("idle");
        assertThat(latencies.percentiles("idle")).containsEntry("samples", 0).containsEntry("queueWait", Map.of());
        assertThat(latencies.percentiles("unknown")).isNull();
    }
}
