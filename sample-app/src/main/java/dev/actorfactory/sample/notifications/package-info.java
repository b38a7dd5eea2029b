/** Notifications: a slow gateway behind a queuer factory with priorities, a rate limit and load shedding. */
@NullMarked
package dev.actorfactory.sample.notifications;

import org.jspecify.annotations.NullMarked;
