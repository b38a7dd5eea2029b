/** Micrometer metrics of actor factories, under {@code factory.*}, tagged {@code factory=<name>}. */
@NullMarked
package dev.actorfactory.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
