package dev.actorfactory.spring.autoconfigure.health;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.WorkerState;
import dev.actorfactory.factory.stats.WorkerStats;

/**
 * Health of one factory. It tells an outage from an operation: a factory is DOWN only when it failed, never because
 * an operator paused, drained or stopped it.
 *
 * <table>
 *   <caption>Status by condition</caption>
 *   <tr><th>Condition</th><th>Status</th></tr>
 *   <tr><td>{@code FAILED}: a worker could not be built or the on-started hook failed</td><td>DOWN</td></tr>
 *   <tr><td>running (or starting), not paused, in a crash loop: more than {@code max-restarts} worker restarts
 *       within {@code within}, no job completing in between (see {@link CrashLoopDetector})</td><td>DOWN</td></tr>
 *   <tr><td>running (or starting), not paused, with a stuck worker, when
 *       {@code factory.health.stuck-workers-down=true}</td><td>DOWN</td></tr>
 *   <tr><td>running or starting (otherwise), not started yet</td><td>UP</td></tr>
 *   <tr><td>paused, draining or stopped (drained): an operator's action, or the application's shutdown</td>
 *       <td>UP, with a {@code reason}</td></tr>
 * </table>
 *
 * A paused, draining or stopped factory is UP whatever its workers did: someone took it out of service on purpose,
 * which is not an outage, and restarting or un-routing the application would not undo it. Its details say so.
 * Boot's {@code OUT_OF_SERVICE} is not used: by default it answers 503 too, the outage this indicator avoids.
 *
 * <p>Details: {@code state}, {@code paused}, {@code workers}, {@code busy}, {@code queueDepth},
 * {@code stuckWorkers} and {@code backingOffWorkers} (worker ids), {@code restarts} (since the factory started),
 * {@code recentRestarts} with {@code crashLoop} (the limit) when crash loops are detected, and {@code reason} when
 * the factory is not simply running.
 *
 * <p>Threads: {@link #health()} may be called from any thread, concurrently; it reads a statistics snapshot.
 */
public class FactoryHealthIndicator implements HealthIndicator {

    private final FactoryRef<?, ?, ?> factory;
    private final boolean stuckWorkersDown;
    private final @Nullable CrashLoopDetector crashLoops;

    /** Creates the indicator for one factory, without crash-loop detection. */
    public FactoryHealthIndicator(FactoryRef<?, ?, ?> factory, boolean stuckWorkersDown) {
        this(factory, stuckWorkersDown, null);
    }

    /**
     * Creates the indicator for one factory.
     *
     * @param factory          the factory
     * @param stuckWorkersDown whether a stuck worker makes a running factory DOWN
     * @param crashLoops       the factory's crash-loop detector (fed by its statistics listener), or {@code null}
     *                         for none
     */
    public FactoryHealthIndicator(FactoryRef<?, ?, ?> factory, boolean stuckWorkersDown,
            @Nullable CrashLoopDetector crashLoops) {
        this.factory = factory;
        this.stuckWorkersDown = stuckWorkersDown;
        this.crashLoops = crashLoops;
    }

    @Override
    public Health health() {
        FactoryStats stats = factory.stats();
        FactoryState state = stats.state();
        List<Integer> stuck = workersIn(stats, WorkerState.STUCK);
        List<Integer> backingOff = workersIn(stats, WorkerState.BACKING_OFF);
        boolean inService = (state == FactoryState.RUNNING || state == FactoryState.STARTING) && !stats.paused();
        CrashLoopDetector detector = crashLoops;
        String downReason = null;
        if (state == FactoryState.FAILED) {
            downReason = "failed to start (a worker could not be built or the on-started hook failed); it never ran";
        } else if (inService && detector != null && detector.crashLooping()) {
            downReason = "crash loop: more than " + detector.maxRestarts() + " worker restarts within "
                    + detector.within() + " with no job completing";
        } else if (inService && stuckWorkersDown && !stuck.isEmpty()) {
            downReason = stuck.size() + " stuck worker(s) (factory.health.stuck-workers-down=true)";
        }
        Health.Builder health = downReason != null ? Health.down() : Health.up();
        health.withDetail("state", state.name().toLowerCase(Locale.ROOT))
                .withDetail("paused", stats.paused())
                .withDetail("workers", stats.workers())
                .withDetail("busy", stats.busy())
                .withDetail("queueDepth", stats.queueDepth())
                .withDetail("stuckWorkers", stuck)
                .withDetail("backingOffWorkers", backingOff)
                .withDetail("restarts", stats.workerStats().stream().mapToLong(WorkerStats::restarts).sum());
        if (detector != null) {
            health.withDetail("recentRestarts", detector.recentRestarts())
                    .withDetail("crashLoop", "more than " + detector.maxRestarts() + " restarts in a row within "
                            + detector.within());
        }
        String reason = downReason != null ? downReason : upReason(stats, stuck);
        if (reason != null) {
            health.withDetail("reason", reason);
        }
        return health.build();
    }

    private static List<Integer> workersIn(FactoryStats stats, WorkerState state) {
        return stats.workerStats().stream().filter(worker -> worker.state() == state).map(WorkerStats::workerId)
                .toList();
    }

    private static @Nullable String upReason(FactoryStats stats, List<Integer> stuck) {
        return switch (stats.state()) {
            case NEW -> "not started yet";
            case STARTING -> "starting";
            case DRAINING -> "draining: finishing its queued and running jobs and taking no new ones (drained by an "
                    + "operator, or the application is shutting down); not a failure";
            case STOPPED -> "stopped: drained by an operator (or the application is shutting down); it takes no new "
                    + "jobs until the application restarts; not a failure";
            case RUNNING, FAILED -> stats.paused()
                    ? "paused by an operator: accepting jobs and queueing them, running none until resumed"
                    : stuck.isEmpty() ? null
                    : stuck.size() + " stuck worker(s); reported only (factory.health.stuck-workers-down=false)";
        };
    }
}
