package dev.actorfactory.spring.autoconfigure.observation;

import dev.actorfactory.factory.job.Job;
import io.micrometer.observation.Observation;

/**
 * The context of the observation of one job attempt ({@value FactoryJobObservationInterceptor#OBSERVATION_NAME}):
 * the factory's name and the job, for an {@link FactoryJobObservationConvention} to derive names and tags from.
 *
 * <p>Threads: created and read on the worker thread that runs the attempt.
 */
public class FactoryJobContext extends Observation.Context {

    private final String factoryName;
    private final Job<?, ?> job;

    /** The context of an attempt of {@code job} in the factory named {@code factoryName}. */
    public FactoryJobContext(String factoryName, Job<?, ?> job) {
        this.factoryName = factoryName;
        this.job = job;
    }

    /** The factory's name. */
    public String getFactoryName() {
        return factoryName;
    }

    /** The job (its id, attempt, key, headers). Keys may be personal data: do not make them tags unhashed. */
    public Job<?, ?> getJob() {
        return job;
    }
}
