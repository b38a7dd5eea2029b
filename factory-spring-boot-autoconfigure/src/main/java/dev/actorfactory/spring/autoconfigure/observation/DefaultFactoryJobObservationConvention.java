package dev.actorfactory.spring.autoconfigure.observation;

import io.micrometer.common.KeyValues;

/**
 * The default naming of a job attempt's observation: name {@value FactoryJobObservationInterceptor#OBSERVATION_NAME},
 * contextual name {@code "<factory> job"}, low-cardinality key {@code factory}, high-cardinality keys {@code job.id}
 * and {@code job.attempt}. Never the job's key, which may be personal data.
 *
 * <p>Threads: stateless.
 */
public class DefaultFactoryJobObservationConvention implements FactoryJobObservationConvention {

    @Override
    public String getName() {
        return FactoryJobObservationInterceptor.OBSERVATION_NAME;
    }

    @Override
    public String getContextualName(FactoryJobContext context) {
        return context.getFactoryName() + " job";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(FactoryJobContext context) {
        return KeyValues.of("factory", context.getFactoryName());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(FactoryJobContext context) {
        return KeyValues.of("job.id", Long.toString(context.getJob().id()), "job.attempt",
                Integer.toString(context.getJob().attempt()));
    }
}
