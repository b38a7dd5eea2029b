/** The {@code factories} Actuator endpoint: list, inspect and operate (resize, drain, pause, resume) factories. */
@NullMarked
package dev.actorfactory.spring.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
