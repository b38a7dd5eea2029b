package dev.actorfactory.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated configuration metadata describes every key a factory can be configured with: the processor covers
 * the top-level properties, and the additional metadata covers each settings key under
 * {@code factory.configs.default}. Fails when a settings field is added without metadata.
 */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> properties() throws Exception {
        URL ours = Collections.list(ConfigurationMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json")).stream()
                .filter(url -> url.toString().contains("factory-spring-boot-autoconfigure"))
                .findFirst().orElseThrow();
        JsonNode root;
        try (InputStream in = ours.openStream()) {
            root = JsonMapper.builder().build().readTree(in);
        }
        Map<String, JsonNode> byName = new HashMap<>();
        root.get("properties").forEach(property -> byName.put(property.get("name").asString(), property));
        return byName;
    }

    static List<String> keys(Class<?> type, String prefix) {
        List<String> keys = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String key = prefix + field.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            if (field.getType().getEnclosingClass() == FactoryProperties.class && !field.getType().isEnum()) {
                keys.addAll(keys(field.getType(), key + "."));
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void everySettingsKeyHasATypeAndADescription() throws Exception {
        Map<String, JsonNode> properties = properties();
        List<String> keys = keys(FactoryProperties.Settings.class, "factory.configs.default.");
        assertThat(keys).contains("factory.configs.default.workers", "factory.configs.default.discard.limit",
                "factory.configs.default.retry.backoff");
        for (String key : keys) {
            assertThat(properties).as("metadata for %s", key).containsKey(key);
            assertThat(properties.get(key).get("description").asString()).as("description of %s", key).isNotBlank();
            assertThat(properties.get(key).has("type")).as("type of %s", key).isTrue();
            // the IDE shows what an unset key means: a default value, or the description says it
            String description = properties.get(key).get("description").asString();
            assertThat(properties.get(key).has("defaultValue") || description.matches("(?s).*(Default|default|Unset).*"))
                    .as("default of %s", key).isTrue();
        }
    }

    @Test
    void theValidationSwitchIsDescribedWithItsDefault() throws Exception {
        JsonNode strict = properties().get("factory.validation.strict");
        assertThat(strict.get("description").asString()).contains("unknown keys");
        assertThat(strict.get("defaultValue").asBoolean()).isTrue();
    }

    @Test
    void theTopLevelPropertiesAreDescribed() throws Exception {
        Map<String, JsonNode> properties = properties();
        for (String key : List.of("factory.configs", "factory.instances", "factory.health.stuck-workers-down")) {
            assertThat(properties).containsKey(key);
            assertThat(properties.get(key).get("description").asString()).isNotBlank();
        }
    }

    @Test
    void theHealthKeysHaveTypesDescriptionsAndDefaults() throws Exception {
        Map<String, JsonNode> properties = properties();
        Map<String, String> defaults = Map.of(
                "factory.health.stuck-workers-down", "false",
                "factory.health.crash-loop.max-restarts", "10",
                "factory.health.crash-loop.within", "1m",
                "management.health.factory.enabled", "true");
        defaults.forEach((key, value) -> {
            assertThat(properties).as("metadata for %s", key).containsKey(key);
            JsonNode property = properties.get(key);
            assertThat(property.get("description").asString()).as("description of %s", key).isNotBlank();
            assertThat(property.has("type")).as("type of %s", key).isTrue();
            assertThat(property.get("defaultValue")).as("default of %s", key).isNotNull();
            assertThat(property.get("defaultValue").asString()).as("default of %s", key).isEqualTo(value);
        });
        assertThat(properties.get("management.health.factory.enabled").get("type").asString())
                .isEqualTo("java.lang.Boolean");
    }
}
