package dev.actorfactory.spring.autoconfigure.settings;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.actorfactory.spring.autoconfigure.FactoryProperties;

/**
 * The keys that exist under {@code factory.}, derived from {@link FactoryProperties} itself (so they never drift from
 * what is bound), and the check that every key the environment holds under {@code factory.} is one of them. An
 * unknown key — a typo such as {@code factory.instances.inventory.worker} or {@code factory.instance.emails.workers}
 * — is reported with the closest existing key; Spring would otherwise ignore it silently.
 *
 * <p>Threads: stateless after construction; used on the thread that creates the application context.
 */
public final class FactoryPropertyKeys {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("factory");

    /** A level of the key tree: named children, or any name (a map of templates or factories). */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        @Nullable Node anyName;
        boolean leaf;
        boolean list;
        /** Under factory.configs.<name>: a template, which cannot have a base-config. */
        boolean template;

        static Node leaf(boolean list) {
            Node node = new Node();
            node.leaf = true;
            node.list = list;
            return node;
        }
    }

    private final Node root = new Node();

    /** The keys of {@link FactoryProperties}. */
    public FactoryPropertyKeys() {
        Node configs = new Node();
        configs.anyName = beanNode(FactoryProperties.Settings.class);
        configs.anyName.template = true;
        Node instances = new Node();
        instances.anyName = beanNode(FactoryProperties.Instance.class);
        root.children.put("configs", configs);
        root.children.put("instances", instances);
        for (PropertyDescriptor property : properties(FactoryProperties.class)) {
            if (!root.children.containsKey(dashed(property.getName()))) {
                root.children.put(dashed(property.getName()), node(property.getPropertyType()));
            }
        }
    }

    /**
     * The keys under {@code factory.} that do not exist.
     *
     * @param written     unknown keys from configuration files, system properties and the like: a start with them
     *                    should be refused
     * @param environment unknown keys from environment variables, which are only worth a warning: an environment
     *                    holds variables of other programs ({@code FACTORY_SERVICE_HOST} from a Kubernetes service
     *                    named {@code factory}), and a variable's name cannot say where the dashes of a key were
     */
    public record Unknown(List<ConfigurationProblem> written, List<ConfigurationProblem> environment) {
    }

    /**
     * Every key under {@code factory.} in {@code environment} that does not exist, as problems naming the key, where
     * it was written and the closest existing key.
     */
    public Unknown unknownKeys(Environment environment) {
        Set<ConfigurationPropertyName> seen = new LinkedHashSet<>();
        List<ConfigurationProblem> written = new ArrayList<>();
        List<ConfigurationProblem> variables = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean fromVariables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            iterable.filter(ROOT::isAncestorOf).stream().forEach(name -> {
                if (seen.add(name)) {
                    ConfigurationProblem problem = check(name, source.getConfigurationProperty(name));
                    if (problem == null) {
                        return;
                    }
                    if (!fromVariables) {
                        written.add(problem);
                    } else if (!matchesJoined(root, name, 1)) {
                        // FACTORY_INSTANCES_ORDERS_MAX_WORKERS binds max-workers: elements may join with dashes
                        variables.add(problem);
                    }
                }
            });
        }
        return new Unknown(written, variables);
    }

    /**
     * Whether the elements of {@code name} from {@code index} on lead to a value when neighbouring elements may be
     * joined with dashes, as Boot does for environment variables ({@code MAX_WORKERS} → {@code max-workers}).
     */
    private static boolean matchesJoined(Node node, ConfigurationPropertyName name, int index) {
        int count = name.getNumberOfElements();
        if (index == count) {
            return node.leaf || node.anyName != null;
        }
        if (node.leaf) {
            return node.list && name.isNumericIndex(index) && index == count - 1;
        }
        if (node.anyName != null) {
            for (int end = index; end < count; end++) { // a map key may itself hold underscores
                if (matchesJoined(node.anyName, name, end + 1)) {
                    return true;
                }
            }
            return false;
        }
        StringBuilder joined = new StringBuilder();
        for (int end = index; end < count; end++) {
            joined.append(end == index ? "" : "-").append(name.getElement(end, Form.DASHED));
            Node child = node.children.get(joined.toString());
            if (child != null && matchesJoined(child, name, end + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code key} (e.g. {@code factory.instances.orders.workers}) is a key of a value that exists. */
    public boolean exists(String key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key.toLowerCase(java.util.Locale.ROOT));
        return check(name, null) == null;
    }

    /** The problem with {@code name}, or {@code null} if it exists. */
    @Nullable ConfigurationProblem check(ConfigurationPropertyName name, @Nullable ConfigurationProperty property) {
        Node node = root;
        List<String> path = new ArrayList<>(List.of("factory"));
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, Form.DASHED);
            if (node.anyName != null) {
                node = node.anyName;
                path.add(name.getElement(i, Form.ORIGINAL));
                continue;
            }
            if (node.leaf) {
                if (node.list && name.isNumericIndex(i)) {
                    return null;
                }
                return unknown(name, property, path, "'" + String.join(".", path) + "' is a value, not a group.",
                        List.of(String.join(".", path)));
            }
            Node child = node.children.get(element);
            if (child == null && !element.equals(name.getElement(i, Form.UNIFORM))) {
                child = node.children.get(name.getElement(i, Form.UNIFORM));
            }
            if (child == null) {
                child = uniformMatch(node, name.getElement(i, Form.UNIFORM));
            }
            if (child == null) {
                if (node.template && element.equals("base-config")) {
                    return new ConfigurationProblem(name.toString(), value(property), "a template cannot have a "
                            + "base-config: templates build only on factory.configs.default" + origin(property) + ".",
                            "Remove " + name + ", and set base-config on the factories under factory.instances "
                                    + "instead.");
                }
                String tail = tail(name, i + 1);
                List<String> suggestions = closest(element, node.children.keySet()).stream()
                        .map(candidate -> String.join(".", path) + "." + candidate + tail).toList();
                return unknown(name, property, path, null, suggestions);
            }
            node = child;
            path.add(element);
        }
        if (!node.leaf && node.anyName == null) {
            return new ConfigurationProblem(name.toString(), value(property), "is a group of settings, not a value"
                    + origin(property) + ".", "Set one of its keys instead: " + node.children.keySet().stream()
                    .map(child -> name + "." + child).toList() + ".");
        }
        return null;
    }

    private static ConfigurationProblem unknown(ConfigurationPropertyName name, @Nullable ConfigurationProperty property,
            List<String> path, @Nullable String detail, List<String> suggestions) {
        String rule = "no such setting" + origin(property) + (detail == null ? "" : "; " + detail) + ".";
        String action = suggestions.isEmpty() ? "Remove " + name + "; the keys under " + String.join(".", path)
                + " are listed in the README's property reference." : suggestions.size() == 1 ? "Did you mean "
                + suggestions.get(0) + "? Rename the key, or remove it." : "Did you mean one of " + suggestions
                + "? Rename the key, or remove it.";
        return new ConfigurationProblem(name.toString(), value(property), rule, action);
    }

    private static @Nullable Node uniformMatch(Node node, String uniform) {
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            if (child.getKey().replace("-", "").equals(uniform)) {
                return child.getValue();
            }
        }
        return null;
    }

    private static String tail(ConfigurationPropertyName name, int from) {
        StringBuilder tail = new StringBuilder();
        for (int i = from; i < name.getNumberOfElements(); i++) {
            tail.append(name.isNumericIndex(i) ? "[" + name.getElement(i, Form.ORIGINAL) + "]"
                    : "." + name.getElement(i, Form.ORIGINAL));
        }
        return tail.toString();
    }

    private static @Nullable Object value(@Nullable ConfigurationProperty property) {
        return property == null ? null : property.getValue();
    }

    private static String origin(@Nullable ConfigurationProperty property) {
        return property == null || property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
    }

    /** The candidates closest to {@code written} by edit distance, if close enough to be a typo; else all of them. */
    static List<String> closest(String written, Collection<String> candidates) {
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String candidate : candidates) {
            int distance = distance(written, candidate);
            if (distance < best) {
                best = distance;
                closest.clear();
            }
            if (distance == best) {
                closest.add(candidate);
            }
        }
        boolean typo = best <= Math.max(2, written.length() / 3);
        if (typo) {
            return closest;
        }
        List<String> overlapping = candidates.stream().filter(candidate -> candidate.contains(written)
                || written.contains(candidate)).toList();
        if (!overlapping.isEmpty()) {
            return overlapping;
        }
        return candidates.stream().sorted(Comparator.naturalOrder()).toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Node node(Class<?> type) {
        if (isGroup(type)) {
            return beanNode(type);
        }
        return Node.leaf(Collection.class.isAssignableFrom(type) || type.isArray());
    }

    private static Node beanNode(Class<?> type) {
        Node node = new Node();
        for (PropertyDescriptor property : properties(type)) {
            node.children.put(dashed(property.getName()), node(property.getPropertyType()));
        }
        return node;
    }

    /** A nested settings class of FactoryProperties (not an enum, not a value). */
    private static boolean isGroup(Class<?> type) {
        if (type.isEnum()) {
            return false;
        }
        for (Class<?> enclosing = type.getEnclosingClass(); enclosing != null;
                enclosing = enclosing.getEnclosingClass()) {
            if (enclosing == FactoryProperties.class) {
                return true;
            }
        }
        return false;
    }

    private static List<PropertyDescriptor> properties(Class<?> type) {
        List<PropertyDescriptor> found = new ArrayList<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() != null && !property.getName().equals("class")
                    && (property.getWriteMethod() != null || isGroup(property.getPropertyType()))) {
                found.add(property);
            }
        }
        return found;
    }

    private static String dashed(String camel) {
        StringBuilder dashed = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                dashed.append('-').append(Character.toLowerCase(c));
            } else {
                dashed.append(c);
            }
        }
        return dashed.toString();
    }
}
