/** Security of the operations endpoints: HTTP Basic, users from configuration. */
@NullMarked
package dev.actorfactory.sample.security;

import org.jspecify.annotations.NullMarked;
