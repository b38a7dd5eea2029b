/**
 * Factories fed by Apache Kafka: a topic's records become jobs of a factory, keyed by the record key, with
 * per-key order, parallelism bounded by the workers rather than the partition count, and at-least-once offset
 * commits of each partition's frontier (the offset below which every record has ended).
 *
 * <p>Framework-free like {@code factory-core}: it depends on {@code kafka-clients} and SLF4J only. The Spring Boot
 * integration (configuration from {@code spring.kafka.*} and {@code factory.instances.*.kafka}) lives in the
 * auto-configuration module.
 */
@NullMarked
package dev.actorfactory.kafka;

import org.jspecify.annotations.NullMarked;
