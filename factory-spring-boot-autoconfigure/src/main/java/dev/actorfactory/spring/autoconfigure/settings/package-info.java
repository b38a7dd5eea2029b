/**
 * Reading and checking the {@code factory.*} configuration before any factory is built: the settings layers of a
 * factory (its own block, its template, {@code configs.default}) with the key each value was written under, the rules
 * every value and combination must follow, the names a factory may have, and the keys that exist.
 */
@NullMarked
package dev.actorfactory.spring.autoconfigure.settings;

import org.jspecify.annotations.NullMarked;
