/**
 * The time a factory schedules delayed jobs by: the system's ({@link dev.actorfactory.factory.clock.FactoryClock#system()})
 * or a {@link dev.actorfactory.factory.clock.ManualClock} that a test advances, so that delayed jobs come due
 * without sleeping.
 */
@NullMarked
package dev.actorfactory.factory.clock;

import org.jspecify.annotations.NullMarked;
