package dev.actorfactory.spring.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import tools.jackson.databind.JsonNode;

/**
 * Health over a real server, with the factories in the readiness group as the documentation advises: an operator's
 * drain leaves the application UP and ready; a crash loop takes it out of readiness (503) and leaves liveness alone.
 */
@SpringBootTest(classes = FactoryHealthServerTest.HealthApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoints.web.exposure.include=factories,health",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.group.readiness.include=readinessState,factory",
                "factory.configs.default.workers=1",
                "factory.health.crash-loop.max-restarts=2",
                "factory.health.crash-loop.within=1h" })
class FactoryHealthServerTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ SteadyWorker.class, CrashingWorker.class })
    static class HealthApp {
    }

    @FactoryWorker("steady")
    static final class SteadyWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            return job.message();
        }
    }

    /** Throws on "boom": the factory restarts the worker each time. */
    @FactoryWorker("crashing")
    static final class CrashingWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            if (job.message().equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return job.message();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("crashing")
    FactoryRef<String, String, String> crashing;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void drainingAFactoryThroughTheEndpointLeavesTheApplicationUpAndReady() throws Exception {
        assertThat(http.post("/actuator/factories/steady", "{\"action\": \"drain\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(steady().get("details").get("state")
                .asString()));

        Http.Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        JsonNode steady = steady();
        assertThat(steady.get("status").asString()).isEqualTo("UP");
        assertThat(steady.get("details").get("workers").asInt()).isZero();
        assertThat(steady.get("details").get("reason").asString()).contains("drained by an operator");

        Http.Response readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().get("components").has("factory")).as("factory is in readiness").isTrue();
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void aCrashLoopTakesTheInstanceOutOfReadinessButNotLiveness() throws Exception {
        for (int i = 0; i < 3; i++) {
            CompletableFuture<String> reply = crashing.call("k", "boom");
            await().atMost(Duration.ofSeconds(10)).until(reply::isDone);
        }
        Http.Response readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(503);
        JsonNode factory = readiness.body().get("components").get("factory").get("components").get("crashing");
        assertThat(factory.get("status").asString()).isEqualTo("DOWN");
        assertThat(factory.get("details").get("reason").asString()).contains("crash loop");
        assertThat(factory.get("details").get("recentRestarts").asInt()).isEqualTo(3);
        Http.Response liveness = http.get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body().has("components") && liveness.body().get("components").has("factory"))
                .as("factory is not in liveness").isFalse();
        assertThat(http.get("/actuator/health").status()).isEqualTo(503);

        // a job that completes ends the loop: the instance is ready again
        assertThat(crashing.call("k", "fine").get(10, TimeUnit.SECONDS)).isEqualTo("fine");
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
    }

    private JsonNode steady() throws Exception {
        return http.get("/actuator/health/factory/steady").body();
    }
}
