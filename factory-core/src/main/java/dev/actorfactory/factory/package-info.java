/**
 * Factories: a managed pool of worker actors behind one address. Start with {@link dev.actorfactory.factory.Factory#builder(String)}; callers use the {@link dev.actorfactory.factory.FactoryRef}.
 */
@NullMarked
package dev.actorfactory.factory;

import org.jspecify.annotations.NullMarked;
