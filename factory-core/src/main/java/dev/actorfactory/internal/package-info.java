/** Internal helpers shared by the core packages; not part of the public API. */
@NullMarked
package dev.actorfactory.internal;

import org.jspecify.annotations.NullMarked;
