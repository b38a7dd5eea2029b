package dev.actorfactory.spring.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionOverrideException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

import dev.actorfactory.spring.FactoryWorker;

/**
 * Two {@code @FactoryWorker} classes with one factory name collide as beans (the name is the stereotype's value)
 * before the registrar sees them; this analyzer explains that collision in factory terms. Other bean-definition
 * overrides are left to Spring Boot's own analyzer.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DuplicateFactoryWorkerFailureAnalyzer extends AbstractFailureAnalyzer<BeanDefinitionOverrideException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BeanDefinitionOverrideException cause) {
        String existing = factoryName(cause.getExistingDefinition().getBeanClassName());
        String added = factoryName(cause.getBeanDefinition().getBeanClassName());
        if (existing == null || !existing.equals(added)) {
            return null;
        }
        return new FailureAnalysis("Two worker classes claim the factory '" + added + "': "
                + cause.getExistingDefinition().getBeanClassName() + " and "
                + cause.getBeanDefinition().getBeanClassName() + ".",
                "Give each @FactoryWorker its own factory name, or remove one of them.", cause);
    }

    private static @Nullable String factoryName(@Nullable String className) {
        if (className == null) {
            return null;
        }
        try {
            FactoryWorker worker = AnnotatedElementUtils.findMergedAnnotation(
                    ClassUtils.forName(className, ClassUtils.getDefaultClassLoader()), FactoryWorker.class);
            return worker == null ? null : worker.value();
        } catch (ClassNotFoundException | LinkageError unknown) {
            return null;
        }
    }
}
