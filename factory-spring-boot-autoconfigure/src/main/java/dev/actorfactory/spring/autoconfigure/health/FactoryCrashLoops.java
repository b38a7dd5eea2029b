package dev.actorfactory.spring.autoconfigure.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.clock.FactoryClock;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.spring.autoconfigure.FactoryCustomizer;

/**
 * The {@link CrashLoopDetector} of every factory: a {@link FactoryCustomizer} that adds to each factory a statistics
 * listener feeding that factory's detector with its worker restarts and job completions, read by the factory's
 * health indicator.
 *
 * <p>Threads: {@link #customize} runs on the thread that builds the factories (the one refreshing the application
 * context); the listeners it adds run on the factories' threads; {@link #of} may be called from any thread.
 */
public class FactoryCrashLoops implements FactoryCustomizer {

    private final int maxRestarts;
    private final Duration within;
    private final FactoryClock clock;
    private final Map<String, CrashLoopDetector> detectors = new ConcurrentHashMap<>();

    /**
     * Creates the detectors' source: a factory crash-loops after more than {@code maxRestarts} worker restarts
     * within {@code within}, no job completing in between, as told by {@code clock}.
     *
     * @throws IllegalArgumentException if a value is out of range (see {@link CrashLoopDetector})
     */
    public FactoryCrashLoops(int maxRestarts, Duration within, FactoryClock clock) {
        new CrashLoopDetector(maxRestarts, within, clock); // validates
        this.maxRestarts = maxRestarts;
        this.within = within;
        this.clock = clock;
    }

    @Override
    public void customize(String factoryName, Factory.Builder<Object, Object, Object> builder) {
        CrashLoopDetector detector = detectors.computeIfAbsent(factoryName,
                name -> new CrashLoopDetector(maxRestarts, within, clock));
        builder.statsListener(new Listener(detector));
    }

    /** The detector of the factory named {@code factoryName}, or {@code null} if this customizer never saw it. */
    public @Nullable CrashLoopDetector of(String factoryName) {
        return detectors.get(factoryName);
    }

    /** Feeds one factory's detector; called on that factory's threads. */
    private static final class Listener implements FactoryStatsListener {
        private final CrashLoopDetector detector;

        Listener(CrashLoopDetector detector) {
            this.detector = detector;
        }

        @Override
        public void onWorkerRestarted(String factory, int workerId) {
            detector.restarted();
        }

        @Override
        public void onJobCompleted(String factory, Job<?, ?> job) {
            detector.completed();
        }
    }
}
