package dev.actorfactory.spring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a job attempt. Declare a bean of this type to rename it or change its tags —
 * usually by extending {@link DefaultFactoryJobObservationConvention}:
 *
 * <pre>{@code
 * @Bean
 * FactoryJobObservationConvention jobTags() {
 *     return new DefaultFactoryJobObservationConvention() {
 *         @Override
 *         public KeyValues getLowCardinalityKeyValues(FactoryJobContext context) {
 *             return super.getLowCardinalityKeyValues(context).and("team", "payments");
 *         }
 *     };
 * }
 * }</pre>
 */
public interface FactoryJobObservationConvention extends ObservationConvention<FactoryJobContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof FactoryJobContext;
    }
}
