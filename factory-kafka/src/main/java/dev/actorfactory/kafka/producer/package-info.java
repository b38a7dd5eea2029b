/** Durable dispatch: jobs produced to a Kafka-fed factory's topic, acknowledged by the broker before the caller goes on. */
@NullMarked
package dev.actorfactory.kafka.producer;

import org.jspecify.annotations.NullMarked;
