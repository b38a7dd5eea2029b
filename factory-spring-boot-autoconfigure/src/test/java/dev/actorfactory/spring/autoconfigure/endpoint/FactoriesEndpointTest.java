package dev.actorfactory.spring.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;
import dev.actorfactory.spring.autoconfigure.FactoryAutoConfiguration;

class FactoriesEndpointTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class,
                    FactoriesEndpointAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("management.endpoints.web.exposure.include=factories",
                    "factory.instances.orders.workers=2", "factory.instances.orders.max-workers=4");

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) {
            if (job.message().startsWith("fail")) {
                throw new IllegalArgumentException("cannot handle " + job.message());
            }
            return job.message();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderWorker.class)
    static final class App {
    }

    @Test
    void listsEveryFactoryWithItsCounters() {
        runner.run(context -> {
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            orders.call("k", "x").get();
            FactoriesEndpoint.FactoriesDescriptor all = context.getBean(FactoriesEndpoint.class).factories();
            FactoriesEndpoint.FactorySummary summary = all.factories().get("orders");
            assertThat(summary.state()).isEqualTo("running");
            assertThat(summary.workers()).isEqualTo(2);
            assertThat(summary.submitted()).isEqualTo(1);
            assertThat(summary.completed()).isEqualTo(1);
            assertThat(summary.queueLimit()).isNull();
            assertThat(summary.discardedByReason()).containsOnlyKeys("ttl-expired", "load-shed", "shutdown",
                    "rate-limited", "cancelled");
        });
    }

    @Test
    void showsOneFactoryWithItsWorkersAndAnswers404ForAnUnknownOne() {
        runner.run(context -> {
            FactoriesEndpoint endpoint = context.getBean(FactoriesEndpoint.class);
            WebEndpointResponse<Object> detail = endpoint.factory("orders");
            assertThat(detail.getStatus()).isEqualTo(200);
            assertThat(((FactoriesEndpoint.FactoryDetail) detail.getBody()).workers()).hasSize(2)
                    .allSatisfy(worker -> assertThat(worker.state()).isEqualTo("idle"));
            WebEndpointResponse<Object> missing = endpoint.factory("nope");
            assertThat(missing.getStatus()).isEqualTo(404);
            assertThat(((Map<?, ?>) missing.getBody()).get("error")).isEqualTo("No factory named 'nope'");
        });
    }

    @Test
    void theDetailShowsRecentFailuresNewestFirstWithKeysAsDisclosed() {
        runner.withPropertyValues("factory.instances.orders.failures.key-disclosure=hashed",
                "factory.instances.orders.failures.log-rate=0").run(context -> {
                    FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
                    long first = orders.call("alice", "fail-1").jobId();
                    orders.call("alice", "fail-2").exceptionally(error -> null).get();
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                            .until(() -> orders.stats().failed() == 2);
                    FactoriesEndpoint.FactoryDetail detail = (FactoriesEndpoint.FactoryDetail) context
                            .getBean(FactoriesEndpoint.class).factory("orders").getBody();
                    assertThat(detail.recentFailures()).hasSize(2);
                    FactoriesEndpoint.FailureDescriptor newest = detail.recentFailures().get(0);
                    assertThat(newest.message()).isEqualTo("cannot handle fail-2");
                    assertThat(newest.exception()).isEqualTo(IllegalArgumentException.class.getName());
                    assertThat(newest.key()).startsWith("#").doesNotContain("alice");
                    assertThat(newest.attempt()).isEqualTo(1);
                    assertThat(newest.stackTrace()).contains("IllegalArgumentException");
                    assertThat(java.time.Instant.parse(newest.at())).isBeforeOrEqualTo(java.time.Instant.now());
                    assertThat(detail.recentFailures().get(1).jobId()).isEqualTo(first);
                    assertThat(detail.settings()).containsEntry("key-disclosure", "hashed")
                            .containsEntry("failure-log-rate", 0);
                });
    }

    @Test
    void resizesPausesResumesAndDrains() {
        runner.run(context -> {
            FactoriesEndpoint endpoint = context.getBean(FactoriesEndpoint.class);
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            assertThat(endpoint.operate("orders", 4, null, null).getStatus()).isEqualTo(200);
            assertThat(orders.workerCount()).isEqualTo(4);
            assertThat(endpoint.operate("orders", null, "pause", null).getStatus()).isEqualTo(200);
            assertThat(orders.isPaused()).isTrue();
            assertThat(endpoint.operate("orders", null, "resume", null).getStatus()).isEqualTo(200);
            assertThat(orders.isPaused()).isFalse();
            assertThat(endpoint.operate("orders", null, "drain", null).getStatus()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> orders.state() == dev.actorfactory.factory.lifecycle.FactoryState.STOPPED);
        });
    }

    @Test
    void badRequestsAre400WithAMessageAndChangeNothing() {
        runner.run(context -> {
            FactoriesEndpoint endpoint = context.getBean(FactoriesEndpoint.class);
            FactoryRef<String, String, String> orders = context.getBean("orders", FactoryRef.class);
            assertBadRequest(endpoint.operate("orders", -1, null, null), "between 0 and 4");
            assertBadRequest(endpoint.operate("orders", 5, null, null), "max-workers");
            assertBadRequest(endpoint.operate("orders", null, "explode", null),
                    "\"action\" must be one of \"drain\", \"pause\", \"resume\" (lower case), was the string \"explode\"");
            assertBadRequest(endpoint.operate("orders", 3, "pause", null), "exactly one");
            assertBadRequest(endpoint.operate("orders", null, null, null), "exactly one");
            assertThat(endpoint.operate("nope", 3, null, null).getStatus()).isEqualTo(404);
            assertThat(orders.workerCount()).isEqualTo(2);
            assertThat(orders.isPaused()).isFalse();
        });
    }

    private static void assertBadRequest(WebEndpointResponse<Object> response, String message) {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat((String) ((Map<?, ?>) response.getBody()).get("error")).contains(message);
    }

    @Test
    void theEndpointBacksOffWhenNotExposedOrWithoutActuator() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FactoryAutoConfiguration.class,
                        FactoriesEndpointAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FactoriesEndpoint.class));
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FactoriesEndpoint.class)
                        .hasBean("orders"));
    }
}
