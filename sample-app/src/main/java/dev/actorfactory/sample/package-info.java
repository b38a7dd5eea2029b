/** The sample order-processing service. */
@NullMarked
package dev.actorfactory.sample;

import org.jspecify.annotations.NullMarked;
