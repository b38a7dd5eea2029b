package dev.actorfactory.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.actorfactory.factory.FactoryRef;
import tools.jackson.databind.JsonNode;

/** The sample service end to end, over HTTP on a random port. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "sample.users.admin.password=admin-secret", "sample.users.viewer.password=viewer-secret",
        "sample.notifications.delay=1ms" })
class SampleApplicationTest {

    private static final int CUSTOMERS = 50;
    private static final int ORDERS_PER_CUSTOMER = 20;

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("orders")
    FactoryRef<?, ?, ?> orders;

    private Http http() {
        return new Http(port);
    }

    @Autowired
    dev.actorfactory.sample.orders.OrderPlacement placement;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void anOrderPlacedInATransactionThatRollsBackIsNeverApplied() throws Exception {
        long cancelledBefore = orders.stats().discardedByReason()
                .getOrDefault(dev.actorfactory.factory.discard.DiscardReason.CANCELLED, 0L);
        org.springframework.transaction.support.TransactionTemplate transaction =
                new org.springframework.transaction.support.TransactionTemplate(transactions);
        String id = transaction.execute(status -> {
            String placed = placement.place("rolled-back-customer", BigDecimal.TEN).orderId();
            status.setRollbackOnly(); // the caller's transaction fails after placing the order
            return placed;
        });
        Http http = http();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> orders.stats()
                .discardedByReason().getOrDefault(dev.actorfactory.factory.discard.DiscardReason.CANCELLED, 0L)
                == cancelledBefore + 1);
        assertThat(http.get("/orders/" + id).status()).as("the order row was rolled back").isEqualTo(404);
        assertThat(http.get("/customers/rolled-back-customer").status()).as("and never applied").isEqualTo(404);
    }

    @Test
    void aThousandConcurrentOrdersAreAllAppliedPerCustomerInSubmissionOrder() throws Exception {
        Map<String, List<String>> submitted = new ConcurrentHashMap<>();
        Map<String, BigDecimal> expectedBalance = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CUSTOMERS; c++) {
                String customer = "e2e-" + c;
                done.add(clients.submit(() -> {
                    Http http = http();
                    List<String> ids = new ArrayList<>();
                    BigDecimal sum = BigDecimal.ZERO;
                    for (int i = 1; i <= ORDERS_PER_CUSTOMER; i++) {
                        BigDecimal amount = new BigDecimal(i + ".25");
                        Http.Response placed = http.post("/orders",
                                "{\"customerId\": \"" + customer + "\", \"amount\": " + amount + "}");
                        assertThat(placed.status()).isEqualTo(202);
                        ids.add(placed.body().get("id").asString());
                        sum = sum.add(amount);
                    }
                    submitted.put(customer, ids);
                    expectedBalance.put(customer, sum);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }

        Http http = http();
        for (int c = 0; c < CUSTOMERS; c++) {
            String customer = "e2e-" + c;
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Http.Response response = http.get("/customers/" + customer);
                return response.status() == 200 && response.body().get("appliedOrders").asInt() == ORDERS_PER_CUSTOMER;
            });
            JsonNode balance = http.get("/customers/" + customer).body().get("balance");
            assertThat(balance.decimalValue()).isEqualByComparingTo(expectedBalance.get(customer));
            List<String> ids = submitted.get(customer);
            for (int i = 0; i < ids.size(); i++) {
                JsonNode order = http.get("/orders/" + ids.get(i)).body();
                assertThat(order.get("status").asString()).isEqualTo("APPLIED");
                assertThat(order.get("customerSeq").asInt()).as("position of order %d of %s", i, customer)
                        .isEqualTo(i + 1);
            }
        }
    }

    @Test
    void theDemoLoadPlacesOrdersThatAreAllAppliedAndNotifiedOrShed() throws Exception {
        assertThat(http().post("/demo/load?orders=300&customers=7", "").status()).as("anonymous").isEqualTo(401);
        Http viewer = http().withUser("viewer", "viewer-secret");
        Http.Response load = viewer.post("/demo/load?orders=300&customers=7", "");
        assertThat(load.status()).isEqualTo(202);
        assertThat(load.body().get("accepted").asLong()).isEqualTo(300);
        assertThat(viewer.post("/demo/load?orders=0", "").status()).isEqualTo(400);
        Http.Response tooMany = viewer.post("/demo/load?orders=100001", "");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("error").asString()).contains("1..100000");
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stats().outstanding() == 0);
        JsonNode notifications = http().get("/notifications").body();
        assertThat(notifications.get("sent").asLong()).isPositive();
    }

    @Test
    void badOrdersAre400AndUnknownOnes404() throws Exception {
        assertThat(http().post("/orders", "{\"customerId\": \"x\", \"amount\": -1}").status()).isEqualTo(400);
        assertThat(http().post("/orders", "{\"amount\": 10}").status()).isEqualTo(400);
        assertThat(http().get("/orders/no-such-order").status()).isEqualTo(404);
    }

    @Test
    void aQuoteIsPricedThroughTheRequestReplyPath() throws Exception {
        Http.Response quote = http().post("/quotes", "{\"customerId\": \"q-1\", \"amount\": 100}");
        assertThat(quote.status()).isEqualTo(200);
        assertThat(quote.body().get("customerId").asString()).isEqualTo("q-1");
        assertThat(quote.body().get("price").decimalValue()).isGreaterThan(new BigDecimal("100"));
        assertThat(http().post("/quotes", "{\"customerId\": \"q-1\"}").status()).isEqualTo(400);
    }

    @Test
    void onlyAnAdminMayOperateFactories() throws Exception {
        String resize = "{\"workers\": 6}";
        assertThat(http().post("/actuator/factories/orders", resize).status()).isEqualTo(401);
        assertThat(http().withUser("viewer", "viewer-secret").post("/actuator/factories/orders", resize).status())
                .isEqualTo(403);
        assertThat(http().withUser("admin", "wrong").post("/actuator/factories/orders", resize).status())
                .isEqualTo(401);
        assertThat(orders.workerCount()).isEqualTo(4);

        assertThat(http().withUser("admin", "admin-secret").post("/actuator/factories/orders", resize).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> orders.workerCount() == 6);
        assertThat(http().withUser("admin", "admin-secret").post("/actuator/factories/orders", "{\"workers\": 4}")
                .status()).isEqualTo(200);
    }

    @Test
    void readingNeedsAUserAndHealthIsPublic() throws Exception {
        assertThat(http().get("/actuator/factories").status()).isEqualTo(401);
        Http.Response factories = http().withUser("viewer", "viewer-secret").get("/actuator/factories");
        assertThat(factories.status()).isEqualTo(200);
        assertThat(factories.body().get("factories").has("notifications")).isTrue();

        Http.Response health = http().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesTheFactoryMetersWithTheirTags() throws Exception {
        assertThat(http().post("/orders", "{\"customerId\": \"p-1\", \"amount\": 5}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> http().get("/customers/p-1").status() == 200);
        assertThat(http().get("/actuator/prometheus").status()).isEqualTo(401);
        String scrape = http().withUser("viewer", "viewer-secret").getText("/actuator/prometheus");
        assertThat(scrape.lines().filter(line -> line.startsWith("factory_jobs_completed_total{")))
                .anySatisfy(line -> assertThat(line).contains("factory=\"orders\""))
                .anySatisfy(line -> assertThat(line).contains("factory=\"notifications\""));
        assertThat(scrape).contains("factory_jobs_discarded_total{").contains("reason=\"load-shed\"")
                .contains("factory_pool_size").contains("factory_jobs_duration_seconds");
    }
}
