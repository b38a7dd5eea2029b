/** The Spring-facing API of actor factories: {@link dev.actorfactory.spring.FactoryWorker}. */
@NullMarked
package dev.actorfactory.spring;

import org.jspecify.annotations.NullMarked;
