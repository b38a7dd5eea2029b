/** Load generation for watching queues grow, shed and drain. */
@NullMarked
package dev.actorfactory.sample.demo;

import org.jspecify.annotations.NullMarked;
