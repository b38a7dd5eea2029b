package dev.actorfactory.spring.autoconfigure.endpoint;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.spring.autoconfigure.FactoryCustomizer;

/**
 * Queue-wait and processing-time percentiles of each factory's recent jobs, for the {@code factories} endpoint: a
 * {@link FactoryCustomizer} that adds a stats listener keeping the last {@value #WINDOW} completed jobs of every
 * factory in a ring, and computes p50, p90, p99 and max over that window on request.
 *
 * <p>Threads: worker threads record (one atomic increment and one array write per job, no lock); any thread may
 * read. A read sorts a copy of the window; under concurrent writes a sample may be from a job a few places
 * newer or older than the window's nominal edge, which does not matter for display.
 */
public final class FactoryLatencies implements FactoryCustomizer {

    /** The number of recent completed jobs the percentiles are computed over. */
    public static final int WINDOW = 1024;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Override
    public void customize(String factoryName, Factory.Builder<Object, Object, Object> builder) {
        builder.statsListener(listenerFor(factoryName));
    }

    /** The recording listener of the factory named {@code factoryName}, created on first use. */
    FactoryStatsListener listenerFor(String factoryName) {
        return windows.computeIfAbsent(factoryName, name -> new Window());
    }

    /**
     * The percentiles of the factory named {@code factoryName}, in milliseconds: {@code queueWait} and
     * {@code processing}, each with {@code p50}, {@code p90}, {@code p99}, {@code max}, and {@code samples}; or
     * {@code null} for a factory this customizer did not see.
     */
    public @Nullable Map<String, Object> percentiles(String factoryName) {
        Window window = windows.get(factoryName);
        if (window == null) {
            return null;
        }
        int samples = (int) Math.min(window.count.get(), WINDOW);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("samples", samples);
        out.put("queueWait", summary(window.queueNanos, samples));
        out.put("processing", summary(window.processingNanos, samples));
        return out;
    }

    private static Map<String, Double> summary(AtomicLongArray ring, int samples) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (samples == 0) {
            return out;
        }
        long[] sorted = new long[samples];
        for (int i = 0; i < samples; i++) {
            sorted[i] = ring.get(i);
        }
        Arrays.sort(sorted);
        out.put("p50", millis(sorted, 0.50));
        out.put("p90", millis(sorted, 0.90));
        out.put("p99", millis(sorted, 0.99));
        out.put("max", sorted[samples - 1] / 1e6);
        return out;
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double millis(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** One factory's ring of recent samples. */
    private static final class Window implements FactoryStatsListener {
        final AtomicLong count = new AtomicLong();
        final AtomicLongArray queueNanos = new AtomicLongArray(WINDOW);
        final AtomicLongArray processingNanos = new AtomicLongArray(WINDOW);

        @Override
        public void onJobCompleted(String factory, long queueNanos, long processingNanos, long totalNanos) {
            int slot = (int) (count.getAndIncrement() % WINDOW);
            this.queueNanos.lazySet(slot, queueNanos);
            this.processingNanos.lazySet(slot, processingNanos);
        }
    }
}
