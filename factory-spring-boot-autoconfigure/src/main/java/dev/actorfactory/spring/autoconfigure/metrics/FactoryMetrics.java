package dev.actorfactory.spring.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.spring.autoconfigure.FactoryCustomizer;
import dev.actorfactory.spring.autoconfigure.FactoryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of every factory (names mirror Micrometer's {@code executor.*} where the meaning matches; base
 * units; tag {@code factory=<name>}, plus {@code reason} on discards — never a job key or id):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code factory.jobs.submitted}, {@code .completed}, {@code .failed}, {@code .retried}</td><td>counters</td></tr>
 *   <tr><td>{@code factory.jobs.discarded} (tag {@code reason})</td><td>counter</td></tr>
 *   <tr><td>{@code factory.jobs.wait}, {@code factory.jobs.duration}</td><td>timers: time queued, time running</td></tr>
 *   <tr><td>{@code factory.queued}, {@code factory.active}, {@code factory.pool.size}, {@code factory.in.flight},
 *       {@code factory.queue.limit}</td><td>gauges</td></tr>
 *   <tr><td>{@code factory.worker.restarts}, {@code factory.worker.stuck},
 *       {@code factory.worker.kill.grace.exceeded}</td><td>counters</td></tr>
 *   <tr><td>{@code factory.worker.abandoned}</td><td>gauge</td></tr>
 * </table>
 *
 * It is both the {@link MeterBinder} and a {@link FactoryCustomizer} that adds one statistics listener to each
 * factory. Meters are removed when the application context closes.
 *
 * <p>Threads: customized and bound on the thread that creates the context; the listeners are called from the
 * factories' threads and only read their meters through one volatile field.
 */
public class FactoryMetrics implements MeterBinder, FactoryCustomizer, DisposableBean {

    private final ObjectProvider<FactoryRegistry> registry;
    /** The listener of each factory, added by {@link #customize}; each gets its factory's meters when bound. */
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final List<Meter> registered = new ArrayList<>();
    private @Nullable MeterRegistry meterRegistry;

    /**
     * Creates the binder for the application's factories. The registry is looked up when the meters are bound:
     * building it needs this object as a customizer first.
     */
    public FactoryMetrics(ObjectProvider<FactoryRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void customize(String factoryName, dev.actorfactory.factory.Factory.Builder<Object, Object, Object> builder) {
        Listener listener = new Listener();
        listeners.put(factoryName, listener);
        builder.statsListener(listener);
    }

    @Override
    public synchronized void bindTo(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
        FactoryRegistry factories = registry.getObject();
        for (String name : factories.names()) {
            FactoryRef<Object, Object, Object> factory = factories.get(name);
            Tags tags = Tags.of("factory", name);
            Meters m = new Meters();
            m.submitted = keep(Counter.builder("factory.jobs.submitted").tags(tags).description("Jobs submitted")
                    .register(meterRegistry));
            m.completed = keep(Counter.builder("factory.jobs.completed").tags(tags).description("Jobs completed")
                    .register(meterRegistry));
            m.failed = keep(Counter.builder("factory.jobs.failed").tags(tags)
                    .description("Jobs failed after their last attempt").register(meterRegistry));
            m.retried = keep(Counter.builder("factory.jobs.retried").tags(tags).description("Retry attempts")
                    .register(meterRegistry));
            for (DiscardReason reason : DiscardReason.values()) {
                m.discarded.put(reason, keep(Counter.builder("factory.jobs.discarded").tags(tags)
                        .tag("reason", reason.tagValue()).description("Jobs discarded, by reason")
                        .register(meterRegistry)));
            }
            m.wait = keep(Timer.builder("factory.jobs.wait").tags(tags).description("Time jobs waited in queues")
                    .register(meterRegistry));
            m.duration = keep(Timer.builder("factory.jobs.duration").tags(tags).description("Time jobs ran")
                    .register(meterRegistry));
            m.restarts = keep(Counter.builder("factory.worker.restarts").tags(tags)
                    .description("Worker instances replaced after a crash or kill").register(meterRegistry));
            m.stuck = keep(Counter.builder("factory.worker.stuck").tags(tags)
                    .description("Workers found stuck by the dead man's switch").register(meterRegistry));
            m.graceExceeded = keep(Counter.builder("factory.worker.kill.grace.exceeded").tags(tags)
                    .description("Killed jobs still inside their worker when their key's grace ran out")
                    .register(meterRegistry));
            keep(Gauge.builder("factory.worker.abandoned", factory, ref -> ref.stats().abandonedRuns()).tags(tags)
                    .description("Killed runs whose thread is still inside the worker").register(meterRegistry));
            keep(Gauge.builder("factory.queued", factory, FactoryRef::queueDepth).tags(tags)
                    .description("Jobs waiting in queues").register(meterRegistry));
            keep(Gauge.builder("factory.active", factory, FactoryRef::activeWorkers).tags(tags)
                    .description("Workers running a job").register(meterRegistry));
            keep(Gauge.builder("factory.pool.size", factory, FactoryRef::workerCount).tags(tags)
                    .description("Workers").register(meterRegistry));
            keep(Gauge.builder("factory.in.flight", factory, ref -> ref.stats().outstanding()).tags(tags)
                    .description("Jobs accepted and not yet ended (queued, running or waiting to retry)")
                    .register(meterRegistry));
            keep(Gauge.builder("factory.queue.limit", factory, ref -> limit(ref.stats().queueLimit())).tags(tags)
                    .description("The queue limit in force (NaN when unlimited)").register(meterRegistry));
            Listener listener = listeners.get(name);
            if (listener != null) {
                listener.meters = m;
            }
        }
    }

    private static double limit(int limit) {
        return limit == Integer.MAX_VALUE ? Double.NaN : limit;
    }

    private <T extends Meter> T keep(T meter) {
        registered.add(meter);
        return meter;
    }

    /** Removes every meter this binder registered. */
    @Override
    public synchronized void destroy() {
        MeterRegistry target = meterRegistry;
        if (target != null) {
            registered.forEach(target::remove);
        }
        registered.clear();
        listeners.values().forEach(listener -> listener.meters = null);
    }

    /** The meters of one factory. */
    private static final class Meters {
        Counter submitted;
        Counter completed;
        Counter failed;
        Counter retried;
        final Map<DiscardReason, Counter> discarded = new EnumMap<>(DiscardReason.class);
        Timer wait;
        Timer duration;
        Counter restarts;
        Counter stuck;
        Counter graceExceeded;
    }

    /**
     * Records one factory's events into its meters (events before binding are not counted): one listener per
     * factory, holding its meters, so an event costs one volatile read and no lookup by name.
     */
    private static final class Listener implements FactoryStatsListener {

        volatile @Nullable Meters meters;

        @Override
        public void onJobSubmitted(String factory) {
            Meters m = meters;
            if (m != null) {
                m.submitted.increment();
            }
        }

        @Override
        public void onJobCompleted(String factory, long queueNanos, long processingNanos, long totalNanos) {
            Meters m = meters;
            if (m != null) {
                m.completed.increment();
                m.wait.record(queueNanos, TimeUnit.NANOSECONDS);
                m.duration.record(processingNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void onJobFailed(String factory, Throwable error) {
            Meters m = meters;
            if (m != null) {
                m.failed.increment();
            }
        }

        @Override
        public void onJobRetried(String factory, int attempt, Throwable error) {
            Meters m = meters;
            if (m != null) {
                m.retried.increment();
            }
        }

        @Override
        public void onJobDiscarded(String factory, DiscardReason reason) {
            Meters m = meters;
            if (m != null) {
                m.discarded.get(reason).increment();
            }
        }

        @Override
        public void onWorkerRestarted(String factory, int workerId) {
            Meters m = meters;
            if (m != null) {
                m.restarts.increment();
            }
        }

        @Override
        public void onWorkerStuck(String factory, int workerId, Object key, long busyNanos) {
            Meters m = meters;
            if (m != null) {
                m.stuck.increment();
            }
        }

        @Override
        public void onKillGraceExceeded(String factory, Object key, long aliveNanos) {
            Meters m = meters;
            if (m != null) {
                m.graceExceeded.increment();
            }
        }
    }
}
