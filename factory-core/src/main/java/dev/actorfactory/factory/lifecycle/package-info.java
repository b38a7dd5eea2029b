/**
 * Factory lifecycle hooks: started, draining, stopped.
 */
@NullMarked
package dev.actorfactory.factory.lifecycle;

import org.jspecify.annotations.NullMarked;
