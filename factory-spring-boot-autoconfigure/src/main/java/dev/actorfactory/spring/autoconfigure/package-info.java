/**
 * Auto-configuration of actor factories: {@code factory.*} properties, the {@code @FactoryWorker} registrar, one
 * {@link dev.actorfactory.factory.FactoryRef} bean per factory, the {@link FactoryRegistry} and its lifecycle.
 */
@NullMarked
package dev.actorfactory.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
