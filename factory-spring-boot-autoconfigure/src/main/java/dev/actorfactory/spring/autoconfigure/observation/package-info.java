/** Micrometer Observation of factory jobs: trace and MDC propagation from callers to workers. */
@NullMarked
package dev.actorfactory.spring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
