package dev.actorfactory.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.sample.orders.OrderPlacement;

/**
 * Stopping the service while notifications are still queued: each one ends as sent or discarded with a reason
 * (shutdown for those the drain timeout cut off), and the counters add up.
 */
class SampleShutdownTest {

    @Test
    void shutdownWithQueuedNotificationsLeavesNothingUnaccounted() {
        // command-line arguments: they override application.yml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--sample.users.admin.password=a",
                        "--sample.users.viewer.password=v", "--sample.notifications.delay=100ms",
                        "--factory.instances.notifications.workers=1",
                        "--factory.instances.notifications.drain-timeout=300ms",
                        "--spring.datasource.url=jdbc:h2:mem:shutdown;DB_CLOSE_DELAY=-1");
        @SuppressWarnings("unchecked")
        FactoryRef<Object, Object, Object> notifications = context.getBean("notifications", FactoryRef.class);
        @SuppressWarnings("unchecked")
        FactoryRef<Object, Object, Object> orders = context.getBean("orders", FactoryRef.class);
        OrderPlacement placing = context.getBean(OrderPlacement.class);
        for (int i = 0; i < 40; i++) {
            assertThat(placing.place("s-" + (i % 5), BigDecimal.TEN).accepted()).isTrue();
        }

        context.close();

        FactoryStats orderStats = orders.stats();
        assertThat(orderStats.submitted()).isEqualTo(40);
        assertThat(orderStats.outstanding()).isZero();
        FactoryStats stats = notifications.stats();
        assertThat(stats.outstanding()).isZero();
        assertThat(stats.submitted()).isEqualTo(orderStats.completed());
        assertThat(stats.completed() + stats.failed() + stats.discarded()).isEqualTo(stats.submitted());
        assertThat(stats.discardedByReason().getOrDefault(DiscardReason.SHUTDOWN, 0L)).as("%s / %s", stats, orderStats)
                .isPositive();
    }
}
