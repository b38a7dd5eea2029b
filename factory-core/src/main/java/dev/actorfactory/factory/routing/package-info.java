/**
 * Routing modes: how a factory picks the worker for a job.
 */
@NullMarked
package dev.actorfactory.factory.routing;

import org.jspecify.annotations.NullMarked;
