/**
 * Load shedding: discard reasons, modes, limits, handlers and the exception a discarded call fails with.
 */
@NullMarked
package dev.actorfactory.factory.discard;

import org.jspecify.annotations.NullMarked;
