/** Timers bound to an actor: send-after, send-interval, stop-after, kill-after. Nothing fires after its actor stopped. */
@NullMarked
package dev.actorfactory.timer;

import org.jspecify.annotations.NullMarked;
