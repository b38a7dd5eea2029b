/** Process groups: named sets of actors with membership watches; stopped actors leave on their own. */
@NullMarked
package dev.actorfactory.group;

import org.jspecify.annotations.NullMarked;
