/**
 * The worker contract, worker builders, thread kinds and the dead man's switch.
 */
@NullMarked
package dev.actorfactory.factory.worker;

import org.jspecify.annotations.NullMarked;
