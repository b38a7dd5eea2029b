package dev.actorfactory.spring.autoconfigure.endpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An operation on one factory, as sent in the JSON body of {@code POST /actuator/factories/{name}}, and its strict
 * parser: exactly one of {@code {"workers": N}} (resize; N a JSON integer), {@code {"action": "drain" | "pause" |
 * "resume"}} (lower case) or {@code {"settings": {...}}} (a {@link SettingsPatch}). {@link #parse(String)} turns a body into a {@link Parsed} result, either {@link Valid} with
 * the typed request or {@link Invalid} with a message for the caller that names the field, what was sent and what to
 * send. Nothing is coerced: a string {@code "5"}, {@code 3.0}, {@code 1e9}, {@code true}, a value beyond the
 * {@code int} range, {@code null}, an object or an array is not a worker count; unknown and duplicate fields are
 * refused. The range of {@code workers} is the factory's to check (it knows its maximum), not the parser's.
 *
 * <p>Adding a field: declare it in {@link #FIELDS} with what it expects and how to read it, add a component to this
 * record, and say in {@code build} how it combines with the others.
 *
 * @param workers the worker count to resize to, or {@code null} if this is not a resize
 * @param action the action to take, or {@code null} if this is not an action
 * @param settings the settings to change, or {@code null} if this is not a settings change
 */
public record FactoryOperationRequest(@Nullable Integer workers, @Nullable Action action,
        @Nullable SettingsPatch settings) {

    /** A resize or an action. */
    public FactoryOperationRequest(@Nullable Integer workers, @Nullable Action action) {
        this(workers, action, null);
    }

    /** What a body must look like, appended to messages about a body as a whole. */
    public static final String EXPECTED = "Send a JSON object with exactly one field: {\"workers\": N} with N a JSON "
            + "integer to resize, {\"action\": \"drain\" | \"pause\" | \"resume\"}, or {\"settings\": {...}} to "
            + "change settings such as {\"discard.limit\": 500}.";

    /** The longest body {@link #parse(String)} reads, in characters. */
    public static final int MAX_BODY_LENGTH = 16 * 1024;

    private static final int SHOWN = 60;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // shows 1e9 or 3.0000000000000000001 exactly
            .build();

    /** The fields a body may hold, in the order messages list them. */
    private static final Map<String, Field> FIELDS = fields(
            new Field("workers", "a JSON integer such as 3", FactoryOperationRequest::readWorkers),
            new Field("action", "one of \"drain\", \"pause\", \"resume\" (lower case)",
                    FactoryOperationRequest::readAction),
            new Field("settings", "a JSON object of settings to change, e.g. {\"discard.limit\": 500}",
                    SettingsPatch::read));

    /** An action on a factory. */
    public enum Action {
        /** Stop taking jobs, finish the queued ones, then stop. */
        DRAIN,
        /** Keep taking jobs but start none until resumed. */
        PAUSE,
        /** Start jobs again after a pause. */
        RESUME;

        /** The action's name in a request body: {@code drain}, {@code pause} or {@code resume}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The outcome of parsing a request: {@link Valid} or {@link Invalid}. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    /**
     * A well-formed request.
     *
     * @param request the typed request
     */
    public record Valid(FactoryOperationRequest request) implements Parsed {
    }

    /**
     * A refused request.
     *
     * @param message for the caller: which field, what was sent, what to send
     */
    public record Invalid(String message) implements Parsed {
    }

    /** The names of the fields a body may hold, in order. */
    public static Set<String> fieldNames() {
        return Collections.unmodifiableSet(FIELDS.keySet());
    }

    /**
     * Parses a request body strictly.
     *
     * @param json the body as sent, or {@code null} (or blank) when there was none
     * @return the typed request, or why the body is refused
     */
    public static Parsed parse(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return new Invalid("The request has no body. " + EXPECTED);
        }
        if (json.length() > MAX_BODY_LENGTH) {
            return new Invalid("The body is longer than " + MAX_BODY_LENGTH + " characters. " + EXPECTED);
        }
        JsonNode body;
        try {
            body = JSON.readTree(json);
        } catch (JacksonException malformed) {
            return new Invalid("The body is not valid JSON" + where(malformed.getLocation()) + ": "
                    + malformed.getOriginalMessage() + ". " + EXPECTED);
        }
        if (!body.isObject()) {
            return new Invalid("The body must be a JSON object, was " + describe(body) + ". " + EXPECTED);
        }
        return parse((ObjectNode) body);
    }

    /**
     * Validates an operation given as Java values (for callers that do not send JSON, such as JMX or a direct call of
     * the endpoint), by the same rules as a body holding the non-null ones.
     *
     * @param workers the worker count, or {@code null} when absent
     * @param action the action's name, or {@code null} when absent
     * @return the typed request, or why it is refused
     */
    public static Parsed of(@Nullable Integer workers, @Nullable String action) {
        return of(workers, action, null);
    }

    /**
     * Validates an operation given as Java values, {@code settings} as the JSON text of the settings object, by the
     * same rules as a body holding the non-null ones.
     *
     * @param workers the worker count, or {@code null} when absent
     * @param action the action's name, or {@code null} when absent
     * @param settings the settings change as JSON text, e.g. {@code {"discard.limit": 500}}, or {@code null}
     * @return the typed request, or why it is refused
     */
    public static Parsed of(@Nullable Integer workers, @Nullable String action, @Nullable String settings) {
        ObjectNode body = JSON.createObjectNode();
        if (settings != null) {
            try {
                body.set("settings", JSON.readTree(settings));
            } catch (JacksonException malformed) {
                return new Invalid("\"settings\" is not valid JSON: " + malformed.getOriginalMessage() + ".");
            }
        }
        if (workers != null) {
            body.put("workers", workers.intValue());
        }
        if (action != null) {
            body.put("action", action);
        }
        return parse(body);
    }

    /** The JSON text of the {@code settings} object of a (valid) body, or {@code null} if it has none. */
    static @Nullable String settingsJson(String body) {
        JsonNode settings = JSON.readTree(body).get("settings");
        return settings == null || settings.isNull() ? null : settings.toString();
    }

    /**
     * The refusal of a field this request does not have.
     *
     * @param name the field's name as sent
     * @return a message naming it and listing the accepted fields
     */
    public static Invalid unknownField(String name) {
        return new Invalid("Unknown field " + quote(name) + "; the accepted fields are "
                + FIELDS.keySet().stream().map(FactoryOperationRequest::quote).collect(Collectors.joining(", "))
                + ". " + EXPECTED);
    }

    private static Parsed parse(ObjectNode body) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            Field field = FIELDS.get(entry.getKey());
            if (field == null) {
                return unknownField(entry.getKey());
            }
            JsonNode value = entry.getValue();
            Object read = value.isNull() ? null : field.reader().read(value);
            if (read instanceof String refusal) {
                return new Invalid(refusal);
            }
            if (read == null) {
                return new Invalid(quote(field.name()) + " must be " + field.expected() + ", was "
                        + describe(value) + ".");
            }
            values.put(field.name(), read);
        }
        return build(values);
    }

    private static Parsed build(Map<String, Object> values) {
        Integer workers = (Integer) values.get("workers");
        Action action = (Action) values.get("action");
        SettingsPatch settings = (SettingsPatch) values.get("settings");
        if (values.size() > 1) {
            return new Invalid("Send only one of " + values.keySet().stream().map(FactoryOperationRequest::quote)
                    .collect(Collectors.joining(" or ")) + ", not several: one request, one operation. " + EXPECTED);
        }
        if (values.isEmpty()) {
            return new Invalid("The body is an empty object. " + EXPECTED);
        }
        return new Valid(new FactoryOperationRequest(workers, action, settings));
    }

    private static @Nullable Object readWorkers(JsonNode value) {
        return value.isInt() ? value.intValue() : null;
    }

    private static @Nullable Object readAction(JsonNode value) {
        if (!value.isString()) {
            return null;
        }
        for (Action action : Action.values()) {
            if (action.jsonName().equals(value.stringValue())) {
                return action;
            }
        }
        return null;
    }

    /** What was sent, for a message: its JSON kind and (abridged) text. */
    static String describe(JsonNode value) {
        String text = value.toString();
        if (text.length() > SHOWN) {
            text = text.substring(0, SHOWN) + "...";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            return "the string " + text;
        }
        if (value.isBoolean()) {
            return "the boolean " + text;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToInt() ? "the number " + text : "the number " + text + " (beyond the int range)";
        }
        if (value.isNumber()) {
            return "the number " + text + " (not an integer)";
        }
        if (value.isArray()) {
            return "an array " + text;
        }
        if (value.isObject()) {
            return "an object " + text;
        }
        return text;
    }

    private static String where(@Nullable TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String quote(String name) {
        return JSON.getNodeFactory().stringNode(name).toString();
    }

    private static Map<String, Field> fields(Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field field : fields) {
            byName.put(field.name(), field);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** Reads a field's non-null JSON value: the typed value, or {@code null} if it is not what the field expects. */
    @FunctionalInterface
    private interface Reader {
        @Nullable Object read(JsonNode value);
    }

    /** A field a body may hold: its name, what it expects (for messages) and how to read it. */
    private record Field(String name, String expected, Reader reader) {
    }
}
