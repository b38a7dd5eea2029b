/** The name registry: unique names mapped to live actors, freed when an actor stops. */
@NullMarked
package dev.actorfactory.registry;

import org.jspecify.annotations.NullMarked;
