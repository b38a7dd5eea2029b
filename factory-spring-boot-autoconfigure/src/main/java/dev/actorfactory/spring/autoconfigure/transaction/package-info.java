/**
 * Transaction-aware dispatch: a factory configured with {@code dispatch-after-commit} routes the jobs dispatched
 * inside a Spring transaction only once it commits, and never if it rolls back.
 */
@NullMarked
package dev.actorfactory.spring.autoconfigure.transaction;

import org.jspecify.annotations.NullMarked;
