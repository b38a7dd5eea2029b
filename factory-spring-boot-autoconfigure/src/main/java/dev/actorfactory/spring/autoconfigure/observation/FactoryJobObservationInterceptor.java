package dev.actorfactory.spring.autoconfigure.observation;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Runs each job of one factory in a child {@link Observation} of the caller's, and with the caller's SLF4J MDC, so
 * trace ids, baggage and MDC entries reach the worker thread.
 *
 * <p>On the submitting thread it captures the current observation of the {@link ObservationRegistry} and a copy of
 * the MDC. On the worker thread, for each attempt, it installs that MDC, then observes the handling as
 * {@value #OBSERVATION_NAME} (named and tagged by a {@link FactoryJobObservationConvention}, by default
 * {@link DefaultFactoryJobObservationConvention}: low-cardinality key {@code factory} = the factory name; an exception
 * from the worker is recorded as the observation's error) with the captured observation as parent, and afterwards restores the worker
 * thread's previous MDC. With a tracing bridge on the class path the child observation is a span of the caller's
 * trace, and the tracer puts its ids into the MDC while the job runs. Observations can be switched off like any
 * other, with an {@code ObservationPredicate} on the name {@value #OBSERVATION_NAME}.
 *
 * <p>Threads: {@link #capture} runs on submitting threads and {@link #around} on worker threads; the instance holds
 * no mutable state.
 */
public final class FactoryJobObservationInterceptor implements JobInterceptor {

    /** The name of the observation of one job attempt. */
    public static final String OBSERVATION_NAME = "factory.job";

    private static final FactoryJobObservationConvention DEFAULT_CONVENTION =
            new DefaultFactoryJobObservationConvention();

    private final String factoryName;
    private final ObservationRegistry registry;
    private final @Nullable FactoryJobObservationConvention convention;

    /** Creates the interceptor for the factory named {@code factoryName}, with the default naming. */
    public FactoryJobObservationInterceptor(String factoryName, ObservationRegistry registry) {
        this(factoryName, registry, null);
    }

    /**
     * Creates the interceptor for the factory named {@code factoryName}, naming its observations with
     * {@code convention} ({@code null}: {@link DefaultFactoryJobObservationConvention}).
     */
    public FactoryJobObservationInterceptor(String factoryName, ObservationRegistry registry,
            @Nullable FactoryJobObservationConvention convention) {
        this.factoryName = Objects.requireNonNull(factoryName, "factoryName");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    /** The MDC key holding the job's id while it runs: {@code jobId}. */
    public static final String JOB_ID_MDC_KEY = "jobId";

    @Override
    public Object capture(Job<?, ?> job) {
        return new CallerContext(registry.getCurrentObservation(), MDC.getCopyOfContextMap());
    }

    @Override
    public <R> R around(Job<?, ?> job, @Nullable Object captured, Callable<R> handling) throws Exception {
        CallerContext caller = captured instanceof CallerContext context ? context : CallerContext.EMPTY;
        Map<String, String> workerMdc = MDC.getCopyOfContextMap();
        setMdc(caller.mdc());
        MDC.put(JOB_ID_MDC_KEY, Long.toString(job.id()));
        try {
            return Observation.createNotStarted(convention, DEFAULT_CONVENTION,
                    () -> new FactoryJobContext(factoryName, job), registry)
                    .parentObservation(caller.observation())
                    .observeChecked(handling::call);
        } finally {
            setMdc(workerMdc);
        }
    }

    private static void setMdc(@Nullable Map<String, String> contents) {
        if (contents == null || contents.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(contents);
        }
    }

    private record CallerContext(@Nullable Observation observation, @Nullable Map<String, String> mdc) {
        static final CallerContext EMPTY = new CallerContext(null, null);
    }
}
