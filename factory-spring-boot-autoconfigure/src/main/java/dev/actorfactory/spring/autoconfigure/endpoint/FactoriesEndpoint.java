package dev.actorfactory.spring.autoconfigure.endpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.failure.FailureRecord;
import dev.actorfactory.factory.failure.KeyDisclosure;
import dev.actorfactory.factory.lifecycle.FactoryState;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.stats.WorkerStats;
import dev.actorfactory.spring.autoconfigure.FactoryRegistry;

/**
 * The {@code factories} endpoint: {@code GET /actuator/factories} lists every factory, {@code GET
 * /actuator/factories/{name}} shows one with its workers, latency percentiles and settings (404 if unknown), and {@code POST
 * /actuator/factories/{name}} operates it with a JSON body: {@code {"workers": N}} resizes,
 * {@code {"action": "drain" | "pause" | "resume"}} drains, pauses or resumes; the body is parsed strictly by
 * {@link FactoryOperationRequest}. Bad input is a 400 with an {@code error} message and changes nothing.
 * {@code management.endpoint.factories.access=read-only} turns the writes off.
 */
@Endpoint(id = "factories")
public class FactoriesEndpoint {

    private final FactoryRegistry registry;
    private final @Nullable FactoryLatencies latencies;

    /** Creates the endpoint over the application's factories, without percentiles. */
    public FactoriesEndpoint(FactoryRegistry registry) {
        this(registry, null);
    }

    /** Creates the endpoint over the application's factories, with percentiles from {@code latencies}. */
    public FactoriesEndpoint(FactoryRegistry registry, @Nullable FactoryLatencies latencies) {
        this.registry = registry;
        this.latencies = latencies;
    }

    /** Every factory's summary, by name. */
    @ReadOperation
    public FactoriesDescriptor factories() {
        Map<String, FactorySummary> factories = new LinkedHashMap<>();
        for (String name : registry.names()) {
            factories.put(name, FactorySummary.of(registry.get(name).stats()));
        }
        return new FactoriesDescriptor(factories);
    }

    /** One factory with its workers; 404 if there is no such factory. */
    @ReadOperation
    public WebEndpointResponse<Object> factory(@Selector String name) {
        FactoryRef<Object, Object, Object> factory = registry.find(name);
        if (factory == null) {
            return notFound(name);
        }
        FactoryStats stats = factory.stats();
        Map<String, Object> settings = factory.settingsInEffect();
        KeyDisclosure keys = KeyDisclosure.valueOf(String.valueOf(settings.getOrDefault("key-disclosure", "plain"))
                .toUpperCase(java.util.Locale.ROOT));
        return new WebEndpointResponse<>(new FactoryDetail(FactorySummary.of(stats),
                stats.workerStats().stream().map(worker -> WorkerDescriptor.of(worker, keys)).toList(),
                latencies == null ? null : latencies.percentiles(name), settings,
                factory.recentFailures().stream().map(FailureDescriptor::of).toList()));
    }

    /**
     * Operates a factory: {@code workers} (resize), {@code action} (drain, pause, resume) or {@code settings} (the
     * JSON text of a {@link SettingsPatch}), checked by
     * {@link FactoryOperationRequest}. Over HTTP the body is parsed strictly before this runs (see
     * {@link FactoriesRequestAdvisor}). See {@link #operate(String, FactoryOperationRequest.Parsed)} for the answers.
     */
    @WriteOperation
    public WebEndpointResponse<Object> operate(@Selector String name, @Nullable Integer workers,
            @Nullable String action, @Nullable String settings) {
        return operate(name, FactoryOperationRequest.of(workers, action, settings));
    }

    /**
     * Applies a parsed request to the factory named {@code name}. Answers 400 {@code {"error": ...}} for a refused
     * request (checked first, so also for an unknown factory), 404 for an unknown factory, 409 {@code {"error": ...,
     * "state": ...}} when the factory is not running (draining or stopped) for every operation alike, 400 when the
     * factory refuses the worker count (below 0 or above its max-workers), and otherwise 200 with the factory's
     * summary ({@code {"settings": ...}}, the settings in effect, after a settings change). Nothing changes unless the
     * answer is 200.
     */
    public WebEndpointResponse<Object> operate(String name, FactoryOperationRequest.Parsed parsed) {
        if (parsed instanceof FactoryOperationRequest.Invalid invalid) {
            return badRequest(invalid.message());
        }
        FactoryOperationRequest request = ((FactoryOperationRequest.Valid) parsed).request();
        FactoryRef<Object, Object, Object> factory = registry.find(name);
        if (factory == null) {
            return notFound(name);
        }
        if (factory.state() != FactoryState.RUNNING) {
            return notRunning(name, factory.state());
        }
        try {
            Integer workers = request.workers();
            FactoryOperationRequest.Action action = request.action();
            SettingsPatch settings = request.settings();
            if (settings != null) {
                dev.actorfactory.factory.SettingsChange change = settings.change();
                boolean unlimited = change.changesDiscardLimit() ? change.discardLimit() == Integer.MAX_VALUE
                        : "unlimited".equals(factory.settingsInEffect().get("discard.limit"));
                if (change.discardMode() != null && unlimited) {
                    // the same rule as at start: a setting that would do nothing is refused
                    return badRequest("settings.discard.mode does nothing: the factory '" + name + "' has no queue "
                            + "limit, so it never sheds a job. Send \"discard.limit\" too (e.g. 10000), or leave "
                            + "out \"discard.mode\".");
                }
                return new WebEndpointResponse<>(Map.of("settings", factory.updateSettings(change)));
            }
            if (workers != null) {
                factory.resize(workers);
            } else if (action != null) {
                switch (action) {
                    case DRAIN -> factory.drain(registry.drainTimeoutOf(name));
                    case PAUSE -> factory.pause();
                    case RESUME -> factory.resume();
                }
            }
        } catch (IllegalArgumentException | IllegalStateException rejected) {
            if (factory.state() != FactoryState.RUNNING) {
                return notRunning(name, factory.state()); // a drain began between the check and the operation
            }
            return badRequest(rejected.getMessage());
        }
        return new WebEndpointResponse<>(FactorySummary.of(factory.stats()));
    }

    private static WebEndpointResponse<Object> notRunning(String name, FactoryState state) {
        String named = state.name().toLowerCase(java.util.Locale.ROOT);
        return new WebEndpointResponse<>(Map.of("error", "Factory '" + name + "' is " + named + ": resize, pause, "
                + "resume, drain and settings changes apply to a running factory.", "state", named), 409);
    }

    private static WebEndpointResponse<Object> notFound(String name) {
        return new WebEndpointResponse<>(Map.of("error", "No factory named '" + name + "'"),
                WebEndpointResponse.STATUS_NOT_FOUND);
    }

    private static WebEndpointResponse<Object> badRequest(@Nullable String message) {
        return new WebEndpointResponse<>(Map.of("error", message == null ? "Bad request" : message),
                WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    /** All factories. */
    public record FactoriesDescriptor(Map<String, FactorySummary> factories) {
    }

    /** One factory's counters and gauges. */
    public record FactorySummary(String name, String state, boolean paused, int workers, int busy, int queueDepth,
            int scheduled, @Nullable Integer queueLimit, long inFlight, long submitted, long completed, long failed, long discarded,
            Map<String, Long> discardedByReason, long retries, int abandonedRuns) {

        static FactorySummary of(FactoryStats stats) {
            Map<String, Long> byReason = new LinkedHashMap<>();
            for (DiscardReason reason : DiscardReason.values()) {
                byReason.put(reason.tagValue(), stats.discardedByReason().getOrDefault(reason, 0L));
            }
            return new FactorySummary(stats.name(), stats.state().name().toLowerCase(java.util.Locale.ROOT),
                    stats.paused(), stats.workers(), stats.busy(), stats.queueDepth(), stats.scheduled(),
                    stats.queueLimit() == Integer.MAX_VALUE ? null : stats.queueLimit(), stats.outstanding(),
                    stats.submitted(), stats.completed(), stats.failed(), stats.discarded(), byReason,
                    stats.retries(), stats.abandonedRuns());
        }
    }

    /**
     * One factory: its summary, its workers, the queue-wait and processing-time percentiles of its recent jobs in
     * milliseconds (see {@link FactoryLatencies}; {@code null} when not recorded), the settings in effect, and its
     * most recent failures, newest first.
     */
    public record FactoryDetail(FactorySummary summary, List<WorkerDescriptor> workers,
            @Nullable Map<String, Object> latencies, Map<String, Object> settings,
            List<FailureDescriptor> recentFailures) {
    }

    /** A recent failure (see {@link FailureRecord}); {@code at} in ISO-8601. */
    public record FailureDescriptor(long jobId, String key, int attempt, String exception, @Nullable String message,
            String stackTrace, String at) {

        static FailureDescriptor of(FailureRecord failure) {
            return new FailureDescriptor(failure.jobId(), failure.key(), failure.attempt(), failure.exceptionClass(),
                    failure.message(), failure.stackTrace(), failure.at().toString());
        }
    }

    /** One worker. */
    public record WorkerDescriptor(int id, String state, @Nullable String currentKey, @Nullable Long busyForMillis,
            long processed, long restarts, int queueDepth, @Nullable Long lastPingMicros) {

        static WorkerDescriptor of(WorkerStats worker, KeyDisclosure keys) {
            Duration busy = worker.busyFor();
            Duration ping = worker.lastPingLatency();
            return new WorkerDescriptor(worker.workerId(), worker.state().name().toLowerCase(java.util.Locale.ROOT),
                    worker.currentKey() == null ? null : keys.show(worker.currentKey()),
                    busy == null ? null : busy.toMillis(), worker.processed(), worker.restarts(),
                    worker.queueDepth(), ping == null ? null : ping.toNanos() / 1_000);
        }
    }
}
