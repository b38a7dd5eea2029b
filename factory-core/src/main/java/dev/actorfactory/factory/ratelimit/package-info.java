/**
 * Rate limiting in front of routing: a token bucket.
 */
@NullMarked
package dev.actorfactory.factory.ratelimit;

import org.jspecify.annotations.NullMarked;
