/**
 * Factory statistics: the listener callbacks and the pull-style snapshot.
 */
@NullMarked
package dev.actorfactory.factory.stats;

import org.jspecify.annotations.NullMarked;
