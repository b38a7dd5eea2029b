/** Orders: accepted over HTTP, applied per customer in sequence by the orders factory. */
@NullMarked
package dev.actorfactory.sample.orders;

import org.jspecify.annotations.NullMarked;
