/**
 * Reusable supervision building blocks: restart strategies with a maximum restart intensity and backoff, and a
 * one-for-one {@link dev.actorfactory.supervision.Supervisor} actor.
 */
@NullMarked
package dev.actorfactory.supervision;

import org.jspecify.annotations.NullMarked;
