/**
 * What a program and an operator learn when a job fails for good: the {@link dev.actorfactory.factory.failure.FailureHandler}
 * called once per failed job, the {@link dev.actorfactory.factory.failure.FailureRecord}s of the factory's ring of
 * recent failures, and how keys appear in those records and in the factory's log lines
 * ({@link dev.actorfactory.factory.failure.KeyDisclosure}).
 */
@NullMarked
package dev.actorfactory.factory.failure;

import org.jspecify.annotations.NullMarked;
