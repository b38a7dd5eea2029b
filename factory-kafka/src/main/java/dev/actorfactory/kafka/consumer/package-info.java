/** Feeding a factory from Kafka topics: one poll thread, per-key order, frontier commits, backpressure, rebalance and stop. */
@NullMarked
package dev.actorfactory.kafka.consumer;

import org.jspecify.annotations.NullMarked;
