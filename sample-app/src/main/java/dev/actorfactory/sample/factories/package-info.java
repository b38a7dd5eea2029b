/** Code-level factory customization: discard handlers, lifecycle hooks, stats listeners, priorities. */
@NullMarked
package dev.actorfactory.sample.factories;

import org.jspecify.annotations.NullMarked;
