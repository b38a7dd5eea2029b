package dev.actorfactory.spring.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.actorfactory.factory.FactoryRef;
import tools.jackson.databind.JsonNode;

/** The endpoint, metrics and health over a real server on a random port. */
@SpringBootTest(classes = ServerApp.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=factories,health,metrics",
        "management.endpoint.health.show-details=always",
        "factory.configs.default.workers=1",
        "factory.instances.orders.max-workers=4",
        "factory.instances.pausing.workers=1",
        "factory.instances.draining.workers=1" })
class FactoryServerTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("orders")
    FactoryRef<String, String, String> orders;

    @Autowired
    @Qualifier("pausing")
    FactoryRef<String, String, String> pausing;

    @Autowired
    @Qualifier("draining")
    FactoryRef<String, String, String> draining;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        ServerApp.gate = new CountDownLatch(0);
    }

    @Test
    void listsEveryFactoryWithItsCounters() throws Exception {
        assertThat(orders.call("k", "a").get(10, TimeUnit.SECONDS)).isEqualTo("A");
        Http.Response list = http.get("/actuator/factories");
        assertThat(list.status()).isEqualTo(200);
        JsonNode factories = list.body().get("factories");
        assertThat(factories.has("orders")).isTrue();
        assertThat(factories.has("pausing")).isTrue();
        JsonNode summary = factories.get("orders");
        assertThat(summary.get("state").asString()).isEqualTo("running");
        assertThat(summary.get("completed").asLong()).isPositive();
        assertThat(summary.get("discardedByReason").has("load-shed")).isTrue();
    }

    @Test
    void detailListsWorkersPercentilesAndSettingsAndAnUnknownNameIs404() throws Exception {
        for (int i = 0; i < 3; i++) {
            orders.call("k" + i, "m").get(10, TimeUnit.SECONDS);
        }
        Http.Response detail = http.get("/actuator/factories/orders");
        JsonNode latencies = detail.body().get("latencies");
        assertThat(latencies.get("samples").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(latencies.get("processing").has("p99")).isTrue();
        assertThat(latencies.get("queueWait").get("max").asDouble()).isGreaterThanOrEqualTo(0);
        JsonNode settings = detail.body().get("settings");
        assertThat(settings.get("max-workers").asInt()).isEqualTo(4);
        assertThat(settings.get("routing").asString()).isEqualTo("key-persistent");
        assertThat(settings.get("job-interceptor").asBoolean()).isTrue();
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body().get("summary").get("name").asString()).isEqualTo("orders");
        assertThat(detail.body().get("workers").size()).isEqualTo(orders.stats().workers());
        assertThat(detail.body().get("workers").get(0).has("processed")).isTrue();

        Http.Response missing = http.get("/actuator/factories/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("error").asString()).contains("nope");
    }

    @Test
    void resizesAndRejectsBadInputWithoutChangingAnything() throws Exception {
        Http.Response resized = http.post("/actuator/factories/orders", "{\"workers\": 3}");
        assertThat(resized.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> orders.stats().workers() == 3);

        assertThat(http.post("/actuator/factories/orders", "{\"workers\": -1}").status()).isEqualTo(400);
        Http.Response tooMany = http.post("/actuator/factories/orders", "{\"workers\": 5}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("error").asString()).contains("4");
        assertThat(http.post("/actuator/factories/orders", "{\"action\": \"explode\"}").status()).isEqualTo(400);
        assertThat(http.post("/actuator/factories/orders", "{\"workers\": \"many\"}").status()).isEqualTo(400);
        assertThat(http.post("/actuator/factories/nope", "{\"workers\": 2}").status()).isEqualTo(404);
        assertThat(orders.stats().workers()).isEqualTo(3);
        assertThat(orders.isPaused()).isFalse();

        assertThat(http.post("/actuator/factories/orders", "{\"workers\": 1}").status()).isEqualTo(200);
    }

    @Test
    void pauseKeepsJobsQueuedAndResumeRunsThem() throws Exception {
        assertThat(http.post("/actuator/factories/pausing", "{\"action\": \"pause\"}").status()).isEqualTo(200);
        CompletableFuture<String> reply = pausing.call("k", "queued");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/actuator/factories/pausing").body()
                .get("summary").get("queueDepth").asInt() == 1);
        JsonNode summary = http.get("/actuator/factories/pausing").body().get("summary");
        assertThat(summary.get("paused").asBoolean()).isTrue();
        assertThat(summary.get("inFlight").asLong()).isEqualTo(1);
        assertThat(reply).isNotDone();

        assertThat(http.post("/actuator/factories/pausing", "{\"action\": \"resume\"}").status()).isEqualTo(200);
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("QUEUED");
        assertThat(pausing.isPaused()).isFalse();
    }

    @Test
    void drainStopsTheFactoryAfterItsWorkAndHealthStaysUp() throws Exception {
        ServerApp.gate = new CountDownLatch(1);
        CompletableFuture<String> running = draining.call("k", "wait");
        CompletableFuture<String> queued = draining.call("k", "after");
        assertThat(health("draining")).isEqualTo("UP");

        assertThat(http.post("/actuator/factories/draining", "{\"action\": \"drain\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/actuator/factories/draining").body()
                .get("summary").get("state").asString().equals("draining"));
        for (String body : List.of("{\"workers\": 2}", "{\"action\": \"pause\"}", "{\"action\": \"resume\"}",
                "{\"action\": \"drain\"}")) {
            var answer = http.post("/actuator/factories/draining", body);
            assertThat(answer.status()).as(body).isEqualTo(409);
            assertThat(answer.body().get("error").asString()).as(body).contains("is draining");
        }
        assertThat(draining.isPaused()).isFalse();
        assertThat(draining.workerCount()).isEqualTo(1);
        ServerApp.gate.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("WAIT");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("AFTER");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/actuator/factories/draining").body()
                .get("summary").get("state").asString().equals("stopped"));
        assertThat(health("draining")).as("an operator's drain is no outage").isEqualTo("UP");
        assertThat(http.get("/actuator/health/factory/draining").body().get("details").get("state").asString())
                .isEqualTo("stopped");
        JsonNode summary = http.get("/actuator/factories/draining").body().get("summary");
        assertThat(summary.get("state").asString()).isEqualTo("stopped");
        assertThat(summary.get("completed").asLong()).isEqualTo(2);
        assertThat(summary.get("inFlight").asLong()).isZero();
        assertThat(summary.get("workers").asInt()).as("a stopped factory has no workers").isZero();
        var afterStop = http.post("/actuator/factories/draining", "{\"action\": \"resume\"}");
        assertThat(afterStop.status()).isEqualTo(409);
        assertThat(afterStop.body().get("state").asString()).isEqualTo("stopped");
    }

    @Test
    void metricsFollowTheJobs() throws Exception {
        double before = completed("orders");
        for (int i = 0; i < 5; i++) {
            orders.call("k" + i, "m").get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> completed("orders") >= before + 5);
        Http.Response pool = http.get("/actuator/metrics/factory.pool.size?tag=factory:orders");
        assertThat(pool.status()).isEqualTo(200);
        assertThat(pool.body().get("measurements").get(0).get("value").asDouble())
                .isEqualTo(orders.stats().workers());
        Http.Response duration = http.get("/actuator/metrics/factory.jobs.duration?tag=factory:orders");
        assertThat(duration.status()).isEqualTo(200);
        assertThat(duration.body().get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void healthHasOneEntryPerFactory() throws Exception {
        Http.Response health = http.get("/actuator/health/factory");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("components").get("orders").get("status").asString()).isEqualTo("UP");
        assertThat(health.body().get("components").get("orders").get("details").get("state").asString())
                .isEqualTo("running");
    }

    private double completed(String factory) throws Exception {
        Http.Response response = http.get("/actuator/metrics/factory.jobs.completed?tag=factory:" + factory);
        return response.status() == 200 ? response.body().get("measurements").get(0).get("value").asDouble() : 0;
    }

    private String health(String factory) throws Exception {
        return http.get("/actuator/health/factory/" + factory).body().get("status").asString();
    }
}
