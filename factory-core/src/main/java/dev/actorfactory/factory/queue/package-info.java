/**
 * Queue kinds (FIFO, priority levels) and the job queues a factory uses internally.
 */
@NullMarked
package dev.actorfactory.factory.queue;

import org.jspecify.annotations.NullMarked;
