package dev.actorfactory.spring.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.actorfactory.factory.FactoryRef;

/** {@code management.endpoint.factories.access=read-only}: reads work, writes are not served and change nothing. */
@SpringBootTest(classes = ServerApp.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=factories",
        "management.endpoint.factories.access=read-only",
        "factory.configs.default.workers=1",
        "factory.instances.orders.max-workers=4" })
class FactoryServerReadOnlyTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("orders")
    FactoryRef<String, String, String> orders;

    @Test
    void readsWorkAndWritesAreRefusedWithoutAChange() throws Exception {
        Http http = new Http(port);
        assertThat(http.get("/actuator/factories/orders").status()).isEqualTo(200);

        int status = http.post("/actuator/factories/orders", "{\"workers\": 3}").status();
        assertThat(status).isIn(404, 405);
        assertThat(http.post("/actuator/factories/orders", "{\"action\": \"pause\"}").status()).isIn(404, 405);
        assertThat(orders.stats().workers()).isEqualTo(1);
        assertThat(orders.isPaused()).isFalse();
    }
}
