/**
 * The {@code factory} health contributor: one entry per factory, DOWN only when a factory failed (a failed start, a
 * crash loop, or stuck workers when opted in), never because an operator paused or drained it.
 */
@NullMarked
package dev.actorfactory.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
