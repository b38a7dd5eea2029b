/** Dead-letter topics: where records a factory could not process go, with headers saying why. */
@NullMarked
package dev.actorfactory.kafka.deadletter;

import org.jspecify.annotations.NullMarked;
