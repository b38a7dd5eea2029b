package dev.actorfactory.spring.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.SmartLifecycle;

/**
 * The two lifecycle phases of the factories. Spring Boot starts the web server at phase
 * {@code DEFAULT_PHASE - 2048}, stops accepting requests (graceful shutdown) at {@code DEFAULT_PHASE - 1024}, and
 * stops the web server at {@code DEFAULT_PHASE - 2048}; one phase cannot both start before the server and stop
 * between those two, so:
 * <ul>
 *   <li>{@link Start} (phase {@code DEFAULT_PHASE - 3072}) starts every factory before the web server takes
 *       traffic;</li>
 *   <li>{@link Drain} (phase {@code DEFAULT_PHASE - 1536}) drains every factory after the web server's graceful
 *       shutdown and before the server stops, within {@code spring.lifecycle.timeout-per-shutdown-phase}.</li>
 * </ul>
 */
final class FactoryLifecycles {

    static final int START_PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;
    static final int DRAIN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    private FactoryLifecycles() {
    }

    /** Starts the factories early. Stopping is the {@link Drain} lifecycle's job. */
    static final class Start implements SmartLifecycle {
        private final FactoryRegistry registry;
        private volatile boolean running;

        Start(FactoryRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void start() {
            registry.startAll();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return START_PHASE;
        }
    }

    /**
     * Drains the factories on shutdown, asynchronously, within the shutdown phase's timeout less a margin (see
     * {@link #drainBudget}); Spring's callback always runs, and a factory whose drain fails is stopped at once.
     */
    static final class Drain implements SmartLifecycle {
        private final FactoryRegistry registry;
        private final Duration phaseTimeout;
        private volatile boolean running;

        Drain(FactoryRegistry registry, Duration phaseTimeout) {
            this.registry = registry;
            this.phaseTimeout = phaseTimeout;
        }

        /**
         * The longest a factory's drain may take: the phase timeout less a margin (a tenth of it, between 250 ms
         * and 5 s), so that the final accounting of a capped drain — discarding what is queued, failing what runs —
         * happens before Spring stops waiting for the phase.
         */
        static Duration drainBudget(Duration phaseTimeout) {
            long phase = Math.max(0, phaseTimeout.toMillis());
            long margin = Math.min(5_000, Math.max(250, phase / 10));
            return Duration.ofMillis(Math.max(0, phase - margin));
        }

        private CompletableFuture<Void> drainAll() {
            try {
                return registry.drainAll(drainBudget(phaseTimeout));
            } catch (RuntimeException | Error error) { // drainAll catches per factory; this is the last resort
                return CompletableFuture.failedFuture(error);
            }
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            try {
                drainAll().join();
            } finally {
                running = false;
            }
        }

        @Override
        public void stop(Runnable callback) {
            drainAll().whenComplete((ignored, error) -> {
                running = false;
                callback.run();
            });
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return DRAIN_PHASE;
        }
    }
}
