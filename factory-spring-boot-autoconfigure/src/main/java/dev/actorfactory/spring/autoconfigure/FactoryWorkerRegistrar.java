package dev.actorfactory.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import dev.actorfactory.spring.autoconfigure.settings.FactoryNames;

/**
 * Finds {@link FactoryWorker} bean definitions and registers, for each factory name, a {@link FactoryRef} bean named
 * after the factory (typed with the worker's key, message and result types, so it can be injected as
 * {@code FactoryRef<K, M, R>} or by {@code @Qualifier("name")}). Worker beans — components of an annotated class, or {@code @Bean} methods returning one — are made prototypes: one instance per
 * worker slot and per restart.
 *
 * <p>Fails the start, never silently, when the annotation sits on a class that is not a {@link Worker}, when two
 * worker classes claim one factory name, or when a bean already uses a factory's name.
 */
class FactoryWorkerRegistrar implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {

    static final String DEFINITIONS_BEAN = "dev.actorfactory.spring.autoconfigure.factoryWorkerDefinitions";

    private @Nullable BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        Map<String, String> workers = new LinkedHashMap<>();
        Map<String, Class<?>> classes = new LinkedHashMap<>();
        ClassLoader classLoader = beanFactory instanceof ConfigurableListableBeanFactory configurable
                ? configurable.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
        for (String beanName : registry.getBeanDefinitionNames()) {
            BeanDefinition definition = registry.getBeanDefinition(beanName);
            Class<?> type = beanClass(definition, classLoader);
            if (type == null) {
                continue;
            }
            FactoryWorker annotation = AnnotatedElementUtils.findMergedAnnotation(type, FactoryWorker.class);
            if (annotation == null) {
                continue;
            }
            String factory = annotation.value();
            if (!Worker.class.isAssignableFrom(type)) {
                throw new FactoryConfigurationException("@FactoryWorker(\"" + factory + "\") is on " + type.getName()
                        + ", which does not implement " + Worker.class.getName() + ".",
                        "Make " + type.getSimpleName() + " implement Worker<K, M, R> (handle(Job) returns the result), "
                                + "or remove the annotation.");
            }
            if (factory.isBlank()) {
                throw new FactoryConfigurationException("@FactoryWorker on " + type.getName() + " has a blank name.",
                        "Give the factory a name: @FactoryWorker(\"orders\").");
            }
            String nameProblem = FactoryNames.problem(factory);
            if (nameProblem != null) {
                throw new FactoryConfigurationException("@FactoryWorker(\"" + factory + "\") on " + type.getName()
                        + ": the factory name " + nameProblem + "; a factory name is a key under factory.instances, "
                        + "a path segment of /actuator/factories/{name}, a health contributor, a bean name and a "
                        + "metric tag.", "Name the factory with " + FactoryNames.RULE + ", e.g. @FactoryWorker(\""
                        + FactoryNames.suggest(factory) + "\").");
            }
            Class<?> other = classes.putIfAbsent(factory, type);
            if (other != null) {
                throw new FactoryConfigurationException("Two worker classes claim the factory '" + factory + "': "
                        + other.getName() + " and " + type.getName() + (other == type ? " (declared twice: as a "
                        + "component and by a @Bean method, bean '" + beanName + "')" : "") + ".",
                        "Give each @FactoryWorker its own factory name, or remove one of them.");
            }
            definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
            String workerBeanName = beanName;
            if (beanName.equals(factory)) {
                // the stereotype's value named the worker bean after the factory: that name belongs to the FactoryRef
                workerBeanName = factory + ".worker";
                registry.removeBeanDefinition(beanName);
                registry.registerBeanDefinition(workerBeanName, definition);
            }
            workers.put(factory, workerBeanName);
        }
        for (Map.Entry<String, Class<?>> entry : classes.entrySet()) {
            registerFactoryRef(registry, entry.getKey(), entry.getValue());
        }
        RootBeanDefinition definitions = new RootBeanDefinition(FactoryWorkerDefinitions.class,
                () -> new FactoryWorkerDefinitions(workers));
        definitions.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(DEFINITIONS_BEAN, definitions);
    }

    private void registerFactoryRef(BeanDefinitionRegistry registry, String factory, Class<?> workerType) {
        if (registry.containsBeanDefinition(factory)) {
            throw new FactoryConfigurationException("The factory '" + factory + "' needs a FactoryRef bean named '"
                    + factory + "', but a bean of that name already exists.",
                    "Rename that bean, or give the factory another name in @FactoryWorker.");
        }
        ResolvableType worker = ResolvableType.forClass(workerType).as(Worker.class);
        ResolvableType[] generics = worker.getGenerics();
        ResolvableType refType = generics.length == 3 && !worker.hasUnresolvableGenerics()
                ? ResolvableType.forClassWithGenerics(FactoryRef.class, generics)
                : ResolvableType.forClass(FactoryRef.class);
        RootBeanDefinition ref = new RootBeanDefinition();
        ref.setTargetType(refType);
        ref.setInstanceSupplier(() -> beanFactory.getBean(FactoryRegistry.class).get(factory));
        ref.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_NO);
        registry.registerBeanDefinition(factory, ref);
    }

    private static @Nullable Class<?> beanClass(BeanDefinition definition, @Nullable ClassLoader classLoader) {
        String className = definition.getBeanClassName();
        if (definition.getFactoryMethodName() != null) {
            // a @Bean method returning a @FactoryWorker class: its declared return type is the worker class
            if (!(definition instanceof AnnotatedBeanDefinition annotated)
                    || annotated.getFactoryMethodMetadata() == null) {
                return null;
            }
            className = annotated.getFactoryMethodMetadata().getReturnTypeName();
        }
        if (className == null) {
            return null;
        }
        try {
            return ClassUtils.forName(className, classLoader);
        } catch (ClassNotFoundException | LinkageError unknown) {
            return null;
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
    }
}
