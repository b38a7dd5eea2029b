package dev.actorfactory.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.stats.FactoryStats;

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

    private static final Logger log = LoggerFactory.getLogger(FactoryLifecycles.class);

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
            registry.factoriesByName().forEach((name, factory) -> {
                factory.start();
                // one line per factory with the settings in effect, once it runs
                log.info("Factory '{}': {}", name, EffectiveSettings.summary(factory.settingsInEffect(),
                        registry.drainTimeoutOf(name), registry.get(name) != factory));
            });
            log.info("Started {} factories: {}", registry.names().size(), registry.names());
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
                return drainAll(registry, drainBudget(phaseTimeout));
            } catch (RuntimeException | Error error) { // drainAll catches per factory; this is the last resort
                return CompletableFuture.failedFuture(error);
            }
        }

        /**
         * Drains every factory, each within its drain timeout capped at {@code cap}; the future completes when all
         * are stopped. What is left at a timeout is discarded with reason shutdown (queued) or failed (running), and
         * reported by the factory's log and statistics. A factory whose drain cannot start is stopped at once, and
         * never keeps the others from draining.
         */
        static CompletableFuture<Void> drainAll(FactoryRegistry registry, Duration cap) {
            List<CompletableFuture<FactoryStats>> drains = new ArrayList<>();
            registry.factoriesByName().forEach((name, factory) -> {
                Duration configured = registry.drainTimeoutOf(name);
                Duration timeout = configured.compareTo(cap) < 0 ? configured : cap;
                CompletableFuture<FactoryStats> drain;
                try {
                    drain = factory.drain(timeout);
                } catch (RuntimeException | Error error) {
                    // stop this one at once (its queued jobs are discarded with reason shutdown, its running ones
                    // fail), counted and logged
                    log.error("Factory '{}': drain failed; stopping it at once", name, error);
                    drain = stopNow(name, factory);
                }
                drains.add(drain.whenComplete((stats, error) -> {
                    if (stats != null && stats.discarded() + stats.failed() > 0) {
                        log.info("Factory '{}' stopped: {} completed, {} failed, {} discarded {}", name,
                                stats.completed(), stats.failed(), stats.discarded(), stats.discardedByReason());
                    }
                }));
            });
            return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new));
        }

        private static CompletableFuture<FactoryStats> stopNow(String name, Factory<Object, Object, Object> factory) {
            try {
                return factory.stop();
            } catch (RuntimeException | Error error) {
                log.error("Factory '{}': stop failed too", name, error);
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
