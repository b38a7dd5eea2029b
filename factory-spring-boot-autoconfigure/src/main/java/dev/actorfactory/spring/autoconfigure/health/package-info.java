/** The {@code factory} health contributor: one entry per factory. */
@NullMarked
package dev.actorfactory.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
