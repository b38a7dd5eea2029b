/** Quotes: priced on the pricing factory through call (request/reply). */
@NullMarked
package dev.actorfactory.sample.pricing;

import org.jspecify.annotations.NullMarked;
