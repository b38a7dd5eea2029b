package dev.actorfactory.spring.autoconfigure.health;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.WorkerState;

/**
 * Health of one factory: UP while starting, running (paused included) or draining; DOWN when it failed to start or
 * stopped while the application still runs. Details: state, workers, busy, queue depth, paused, and the stuck
 * workers (DOWN for them only when {@code factory.health.stuck-workers-down=true}).
 */
public class FactoryHealthIndicator implements HealthIndicator {

    private final FactoryRef<?, ?, ?> factory;
    private final boolean stuckWorkersDown;

    /** Creates the indicator for one factory. */
    public FactoryHealthIndicator(FactoryRef<?, ?, ?> factory, boolean stuckWorkersDown) {
        this.factory = factory;
        this.stuckWorkersDown = stuckWorkersDown;
    }

    @Override
    public Health health() {
        FactoryStats stats = factory.stats();
        List<Integer> stuck = stats.workerStats().stream().filter(worker -> worker.state() == WorkerState.STUCK)
                .map(worker -> worker.workerId()).toList();
        boolean down = stats.state() == FactoryState.FAILED || stats.state() == FactoryState.STOPPED
                || (stuckWorkersDown && !stuck.isEmpty());
        Health.Builder health = down ? Health.down() : Health.up();
        return health.withDetail("state", stats.state().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("paused", stats.paused())
                .withDetail("workers", stats.workers())
                .withDetail("busy", stats.busy())
                .withDetail("queueDepth", stats.queueDepth())
                .withDetail("stuckWorkers", stuck)
                .build();
    }
}
