package dev.actorfactory.spring.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.lifecycle.FactoryState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every bad request to {@code POST /actuator/factories/{name}} over a real server: the status, a specific
 * {@code error} message, and no change to the factory. {@code orders} runs with 2 workers (max 4); {@code draining}
 * is drained once before the tests.
 */
@SpringBootTest(classes = ServerApp.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=factories",
        "factory.configs.default.workers=1",
        "factory.instances.orders.workers=2",
        "factory.instances.orders.max-workers=4" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FactoriesEndpointBadRequestTest {

    private static final String EXPECTED = "Send a JSON object with exactly one field: {\"workers\": N}";
    private static final String WORKERS_INTEGER = "\"workers\" must be a JSON integer such as 3, was ";
    private static final String ACTION_ONE_OF = "\"action\" must be one of \"drain\", \"pause\", \"resume\" (lower "
            + "case), was ";
    private static final String SETTINGS = "\"settings.";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("orders")
    FactoryRef<String, String, String> orders;

    @Autowired
    @Qualifier("draining")
    FactoryRef<String, String, String> draining;

    private final HttpClient client = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void drainTheDrainingFactory() throws Exception {
        assertThat(post("draining", "application/json", "{\"action\": \"drain\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> draining.state() == FactoryState.STOPPED);
    }

    @BeforeEach
    void ordersRunsWithTwoWorkers() {
        assertThat(orders.state()).isEqualTo(FactoryState.RUNNING);
        assertThat(orders.workerCount()).isEqualTo(2);
        assertThat(orders.isPaused()).isFalse();
    }

    static Stream<Arguments> badRequests() {
        String json = "application/json";
        return Stream.of(
                // the review's list
                bad("workers a string of letters", "orders", json, "{\"workers\": \"abc\"}", 400,
                        WORKERS_INTEGER + "the string \"abc\""),
                bad("workers in exponent notation", "orders", json, "{\"workers\": 1e9}", 400,
                        WORKERS_INTEGER + "the number 1E+9 (not an integer)"),
                bad("workers a fraction", "orders", json, "{\"workers\": 3.7}", 400,
                        WORKERS_INTEGER + "the number 3.7 (not an integer)"),
                bad("workers with a zero fraction", "orders", json, "{\"workers\": 3.0}", 400,
                        WORKERS_INTEGER + "the number 3.0 (not an integer)"),
                bad("workers a boolean", "orders", json, "{\"workers\": true}", 400,
                        WORKERS_INTEGER + "the boolean true"),
                bad("workers beyond int", "orders", json, "{\"workers\": 2147483648}", 400,
                        WORKERS_INTEGER + "the number 2147483648 (beyond the int range)"),
                bad("workers far beyond long", "orders", json, "{\"workers\": 123456789012345678901234567890}", 400,
                        "(beyond the int range)"),
                bad("workers an object", "orders", json, "{\"workers\": {\"n\": 3}}", 400,
                        WORKERS_INTEGER + "an object {\"n\":3}"),
                bad("top-level array", "orders", json, "[{\"workers\": 3}]", 400,
                        "The body must be a JSON object, was an array [{\"workers\":3}]. " + EXPECTED),
                bad("malformed JSON", "orders", json, "{\"workers\": 3", 400, "The body is not valid JSON (line 1"),
                bad("malformed JSON, unquoted name", "orders", json, "{workers: 3}", 400,
                        "The body is not valid JSON (line 1, column 2)"),
                bad("trailing garbage", "orders", json, "{\"workers\": 3} x", 400, "The body is not valid JSON"),
                // types and values
                bad("workers the string \"5\"", "orders", json, "{\"workers\": \"5\"}", 400,
                        WORKERS_INTEGER + "the string \"5\""),
                bad("workers negative", "orders", json, "{\"workers\": -1}", 400,
                        "workers must be between 0 and 4 (the factory's max-workers), was -1"),
                bad("workers above max-workers", "orders", json, "{\"workers\": 5}", 400,
                        "workers must be between 0 and 4 (the factory's max-workers), was 5"),
                bad("workers null", "orders", json, "{\"workers\": null}", 400, WORKERS_INTEGER + "null"),
                bad("workers an array", "orders", json, "{\"workers\": [3]}", 400, WORKERS_INTEGER + "an array [3]"),
                bad("both fields", "orders", json, "{\"workers\": 3, \"action\": \"pause\"}", 400,
                        "Send only one of \"workers\" or \"action\", not several"),
                bad("neither field", "orders", json, "{}", 400, "The body is an empty object. " + EXPECTED),
                bad("empty body", "orders", json, "", 400, "The request has no body. " + EXPECTED),
                bad("blank body", "orders", json, "  \n", 400, "The request has no body. " + EXPECTED),
                bad("a JSON string as body", "orders", json, "\"pause\"", 400,
                        "The body must be a JSON object, was the string \"pause\""),
                bad("JSON null as body", "orders", json, "null", 400, "The body must be a JSON object, was null"),
                bad("unknown action", "orders", json, "{\"action\": \"explode\"}", 400,
                        ACTION_ONE_OF + "the string \"explode\""),
                bad("action a number", "orders", json, "{\"action\": 1}", 400, ACTION_ONE_OF + "the number 1"),
                bad("action in upper case", "orders", json, "{\"action\": \"PAUSE\"}", 400,
                        ACTION_ONE_OF + "the string \"PAUSE\""),
                bad("action null", "orders", json, "{\"action\": null}", 400, ACTION_ONE_OF + "null"),
                bad("action an object", "orders", json, "{\"action\": {\"name\": \"pause\"}}", 400,
                        ACTION_ONE_OF + "an object {\"name\":\"pause\"}"),
                bad("unknown field with a valid one", "orders", json, "{\"workers\": 3, \"force\": true}", 400,
                        "Unknown field \"force\"; the accepted fields are \"workers\", \"action\", \"settings\"."),
                bad("unknown field alone", "orders", json, "{\"worker\": 3}", 400,
                        "Unknown field \"worker\"; the accepted fields are \"workers\", \"action\", \"settings\"."),
                bad("duplicate field", "orders", json, "{\"workers\": 3, \"workers\": 4}", 400,
                        "Duplicate Object property \"workers\""),
                bad("operation in the query", "orders?workers=3", json, "", 400,
                        "Query parameters are not accepted ([workers])"),
                // other statuses
                // settings changes: the same rules as at start, the key named as settings.<key>
                bad("settings not an object", "orders", json, "{\"settings\": 5}", 400,
                        "\"settings\" must be a JSON object of settings to change"),
                bad("settings empty", "orders", json, "{\"settings\": {}}", 400, "\"settings\" is empty"),
                bad("settings unknown key", "orders", json, "{\"settings\": {\"workers\": 3}}", 400,
                        "Unknown setting \"settings.workers\"; settings that change at run time"),
                bad("settings limit 0", "orders", json, "{\"settings\": {\"discard.limit\": 0}}", 400,
                        "settings.discard.limit is 0: must be at least 1"),
                bad("settings limit a string", "orders", json, "{\"settings\": {\"discard.limit\": \"500\"}}", 400,
                        SETTINGS + "discard.limit\" must be a JSON integer such as 500, was the string \"500\""),
                bad("settings mode unknown", "orders", json, "{\"settings\": {\"discard.mode\": \"random\"}}", 400,
                        SETTINGS + "discard.mode\" must be \"oldest\" or \"newest\""),
                bad("settings ttl negative", "orders", json, "{\"settings\": {\"job-ttl\": \"-5s\"}}", 400,
                        "settings.job-ttl is -5s: must be a positive duration"),
                bad("settings ttl not a duration", "orders", json, "{\"settings\": {\"job-ttl\": \"soon\"}}", 400,
                        SETTINGS + "job-ttl\" must be a duration as in application.yml"),
                bad("settings ttl a number", "orders", json, "{\"settings\": {\"job-ttl\": 30}}", 400,
                        SETTINGS + "job-ttl\" must be a duration"),
                bad("settings rate limit without refill", "orders", json,
                        "{\"settings\": {\"rate-limit\": {\"interval\": \"1s\"}}}", 400,
                        "settings.rate-limit needs \"refill\""),
                bad("settings rate limit refill 0", "orders", json,
                        "{\"settings\": {\"rate-limit\": {\"refill\": 0}}}", 400,
                        "settings.rate-limit.refill is 0: must be at least 1"),
                bad("settings rate limit unknown field", "orders", json,
                        "{\"settings\": {\"rate-limit\": {\"refill\": 5, \"burst\": 9}}}", 400,
                        "Unknown setting \"settings.rate-limit.burst\""),
                bad("settings dead man's switch without timeout", "orders", json,
                        "{\"settings\": {\"dead-mans-switch\": {\"kill\": true}}}", 400,
                        "settings.dead-mans-switch needs \"timeout\""),
                bad("settings dead man's switch kill a string", "orders", json,
                        "{\"settings\": {\"dead-mans-switch\": {\"timeout\": \"1s\", \"kill\": \"yes\"}}}", 400,
                        SETTINGS + "dead-mans-switch.kill\" must be true or false"),
                bad("settings and workers together", "orders", json,
                        "{\"settings\": {\"job-ttl\": \"5s\"}, \"workers\": 3}", 400, "not several"),
                bad("settings discard.mode without a limit", "orders", json,
                        "{\"settings\": {\"discard.mode\": \"newest\"}}", 400,
                        "settings.discard.mode does nothing: the factory 'orders' has no queue limit"),
                bad("resume a drained factory", "draining", json, "{\"action\": \"resume\"}", 409,
                        "Factory 'draining' is stopped"),
                bad("settings of a drained factory", "draining", json, "{\"settings\": {\"job-ttl\": \"5s\"}}", 409,
                        "Factory 'draining' is stopped"),
                bad("wrong content type", "orders", "text/plain", "{\"workers\": 3}", 415, "Unsupported Media Type"),
                bad("unknown factory", "nope", json, "{\"workers\": 3}", 404, "No factory named 'nope'"),
                bad("resize a drained factory", "draining", json, "{\"workers\": 2}", 409,
                        "Factory 'draining' is stopped: resize, pause, resume, drain and settings changes apply to a running factory."),
                bad("pause a drained factory", "draining", json, "{\"action\": \"pause\"}", 409,
                        "Factory 'draining' is stopped"),
                bad("drain a drained factory", "draining", json, "{\"action\": \"drain\"}", 409,
                        "Factory 'draining' is stopped"));
    }

    private static Arguments bad(String description, String target, String contentType, String body, int status,
            String message) {
        return Arguments.of(description, target, contentType, body, status, message);
    }

    @ParameterizedTest(name = "[{index}] {0}: {4}")
    @MethodSource("badRequests")
    void aBadRequestIsRefusedWithASpecificMessageAndChangesNothing(String description, String target,
            String contentType, String body, int status, String message) throws Exception {
        Snapshot before = new Snapshot(orders, draining);

        Answer answer = post(target, contentType, body);

        assertThat(answer.status()).as(description).isEqualTo(status);
        assertThat(answer.body().path("error").asString()).as(description + ": " + answer.body()).contains(message);
        assertThat(new Snapshot(orders, draining)).as(description).isEqualTo(before);
    }

    @Test
    void goodRequestsStillWork() throws Exception {
        Answer resized = post("orders", "application/json", "{\"workers\": 3}");
        assertThat(resized.status()).isEqualTo(200);
        assertThat(resized.body().get("workers").asInt()).isEqualTo(3);
        assertThat(orders.workerCount()).isEqualTo(3);

        Answer paused = post("orders", "application/vnd.spring-boot.actuator.v3+json", "{\"action\": \"pause\"}");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("paused").asBoolean()).isTrue();
        assertThat(orders.isPaused()).isTrue();
        Answer resumed = post("orders", "application/json", " { \"action\" : \"resume\" } ");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(orders.isPaused()).isFalse();

        assertThat(post("orders", "application/json", "{\"workers\": 0}").status()).isEqualTo(200);
        assertThat(orders.workerCount()).as("sized to 0: jobs queue until it grows").isZero();
        assertThat(post("orders", "application/json", "{\"workers\": 2}").status()).isEqualTo(200);
        assertThat(orders.workerCount()).isEqualTo(2);
    }

    @Test
    void settingsChangeAtRunTimeAndShowInTheSettingsInEffect() throws Exception {
        java.util.Map<String, Object> before = orders.settingsInEffect();
        Answer changed = post("orders", "application/json", "{\"settings\": {\"discard.limit\": 500, "
                + "\"discard.mode\": \"newest\", \"job-ttl\": \"30s\", \"rate-limit\": {\"refill\": 100}, "
                + "\"dead-mans-switch\": {\"timeout\": \"20s\", \"kill\": true}}}");
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.body().path("settings").path("discard.limit").asInt()).isEqualTo(500);
        assertThat(orders.settingsInEffect()).containsEntry("discard.limit", 500).containsEntry("discard.mode", "newest")
                .containsEntry("job-ttl", "PT30S").containsEntry("dead-mans-switch.timeout", "PT20S")
                .containsEntry("dead-mans-switch.kill", true)
                .containsEntry("rate-limit", "RateLimiter[100 per PT1S, max 100]");

        Answer removed = post("orders", "application/json", "{\"settings\": {\"discard.limit\": null, "
                + "\"job-ttl\": null, \"rate-limit\": null, \"dead-mans-switch\": null}}");
        assertThat(removed.status()).as(removed.body().toString()).isEqualTo(200);
        assertThat(orders.settingsInEffect()).containsEntry("discard.limit", "unlimited")
                .containsEntry("job-ttl", "none").containsEntry("rate-limit", "none")
                .containsEntry("dead-mans-switch.timeout", "off");
        assertThat(post("orders", "application/json", "{\"settings\": {\"discard.limit\": null, \"discard.mode\": \""
                + before.get("discard.mode") + "\"}}").status()).as("a mode without a limit does nothing")
                .isEqualTo(400);
        assertThat(post("orders", "application/json", "{\"settings\": {\"discard.limit\": 9, \"discard.mode\": \""
                + before.get("discard.mode") + "\"}}").status()).isEqualTo(200);
        assertThat(post("orders", "application/json", "{\"settings\": {\"discard.limit\": null}}").status())
                .isEqualTo(200);
        assertThat(orders.settingsInEffect()).isEqualTo(before);
    }

    private Answer post(String target, String contentType, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/factories/" + target))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Answer(response.statusCode(), text == null || text.isBlank() ? json.createObjectNode()
                : json.readTree(text));
    }

    private record Answer(int status, JsonNode body) {
    }

    /** What a bad request must not change. */
    private record Snapshot(FactoryState ordersState, int ordersWorkers, boolean ordersPaused,
            java.util.Map<String, Object> ordersSettings, FactoryState drainingState, int drainingWorkers,
            boolean drainingPaused) {

        Snapshot(FactoryRef<?, ?, ?> orders, FactoryRef<?, ?, ?> draining) {
            this(orders.state(), orders.workerCount(), orders.isPaused(), orders.settingsInEffect(), draining.state(),
                    draining.workerCount(), draining.isPaused());
        }
    }
}
