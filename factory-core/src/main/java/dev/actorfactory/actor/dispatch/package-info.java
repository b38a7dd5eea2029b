/**
 * Dispatchers: the executors actors run on. A shared fork-join dispatcher for light actors, and bounded
 * platform-thread or virtual-thread dispatchers for actors that block.
 */
@NullMarked
package dev.actorfactory.actor.dispatch;

import org.jspecify.annotations.NullMarked;
