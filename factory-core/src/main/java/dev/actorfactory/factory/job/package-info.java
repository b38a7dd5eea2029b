/**
 * Jobs: the unit of work a factory routes (key + message + options), and retry policies.
 */
@NullMarked
package dev.actorfactory.factory.job;

import org.jspecify.annotations.NullMarked;
