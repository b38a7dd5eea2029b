/**
 * JMH benchmarks of the actor runtime and factories against Apache Pekko (typed, stock configuration) and plain
 * JDK executors, measured in the same run. Each benchmark verifies that every job was processed exactly once (a
 * count and a payload checksum) and fails otherwise. Run them with {@code factory-benchmarks/run.sh}.
 */
@NullMarked
package dev.actorfactory.benchmarks;

import org.jspecify.annotations.NullMarked;
