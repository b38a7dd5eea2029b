/** Offsets in flight per partition and the frontier that may be committed: the consumer's poll thread owns them; workers report ends. */
@NullMarked
package dev.actorfactory.kafka.offsets;

import org.jspecify.annotations.NullMarked;
