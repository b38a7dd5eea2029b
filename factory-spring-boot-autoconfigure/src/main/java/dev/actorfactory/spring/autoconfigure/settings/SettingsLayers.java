package dev.actorfactory.spring.autoconfigure.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorfactory.spring.autoconfigure.FactoryConfigurationException;
import dev.actorfactory.spring.autoconfigure.FactoryProperties;
import dev.actorfactory.spring.autoconfigure.FactoryProperties.Settings;

/**
 * The settings of one factory as layers, most specific first: {@code factory.instances.<name>}, the template its
 * {@code base-config} names, and {@code factory.configs.default}. A value comes from the first layer that sets it,
 * together with the key it was written under, so that every report names the key the user actually wrote.
 *
 * <p>Threads: built and read on the thread that creates the application context; immutable.
 */
public final class SettingsLayers {

    /** One layer: the property prefix its values were written under (ending in a dot) and the values. */
    private record Layer(String prefix, Settings settings) {
    }

    /**
     * A value and the full key it was written under, e.g. {@code factory.configs.default.job-ttl}.
     *
     * @param <T> the value's type
     */
    public record Written<T>(T value, String key) {
    }

    private final String factory;
    private final List<Layer> layers;

    private SettingsLayers(String factory, List<Layer> layers) {
        this.factory = factory;
        this.layers = List.copyOf(layers);
    }

    /**
     * The layers of the factory named {@code factory}.
     *
     * @throws FactoryConfigurationException if its {@code base-config} names a template that does not exist
     */
    public static SettingsLayers of(String factory, FactoryProperties properties) {
        List<Layer> layers = new ArrayList<>();
        FactoryProperties.Instance instance = properties.getInstances().get(factory);
        if (instance != null) {
            layers.add(new Layer(instancePrefix(factory), instance));
            String base = instance.getBaseConfig();
            if (base != null) {
                Settings template = properties.getConfigs().get(base);
                if (template == null) {
                    throw new FactoryConfigurationException(instancePrefix(factory) + "base-config is '" + base
                            + "', but factory.configs." + base + " does not exist.", "Define factory.configs." + base
                            + ", or set " + instancePrefix(factory) + "base-config to one of the templates: "
                            + properties.getConfigs().keySet() + ".");
                }
                layers.add(new Layer(templatePrefix(base), template));
            }
        }
        Settings defaults = properties.getConfigs().get("default");
        if (defaults != null && (instance == null || !"default".equals(instance.getBaseConfig()))) {
            layers.add(new Layer(templatePrefix("default"), defaults));
        }
        return new SettingsLayers(factory, layers);
    }

    /** The prefix of a factory's own settings, {@code factory.instances.<name>.}. */
    public static String instancePrefix(String factory) {
        return "factory.instances." + factory + ".";
    }

    /** The prefix of a template's settings, {@code factory.configs.<name>.}. */
    public static String templatePrefix(String template) {
        return "factory.configs." + template + ".";
    }

    /** The factory's name. */
    public String factory() {
        return factory;
    }

    /**
     * The value of the setting {@code key} (relative, e.g. {@code discard.limit}) from the first layer that sets it,
     * with the full key it was written under; {@code null} if no layer sets it.
     */
    public <T> @Nullable Written<T> find(String key, Function<Settings, @Nullable T> getter) {
        for (Layer layer : layers) {
            T value = getter.apply(layer.settings());
            if (value != null) {
                return new Written<>(value, layer.prefix() + key);
            }
        }
        return null;
    }

    /** The value of a setting from the first layer that sets it, {@code null} if none does. */
    public <T> @Nullable T value(Function<Settings, @Nullable T> getter) {
        for (Layer layer : layers) {
            T value = getter.apply(layer.settings());
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * Where a setting that is not written anywhere should go: the factory's own key, e.g.
     * {@code factory.instances.orders.discard.limit}.
     */
    public String ownKey(String key) {
        return instancePrefix(factory) + key;
    }
}
