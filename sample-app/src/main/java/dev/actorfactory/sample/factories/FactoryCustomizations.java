package dev.actorfactory.sample.factories;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorfactory.factory.lifecycle.FactoryLifecycleHooks;
import dev.actorfactory.factory.stats.FactoryStatsListener;
import dev.actorfactory.sample.notifications.Notification;
import dev.actorfactory.sample.notifications.NotificationLog;
import dev.actorfactory.sample.orders.OrderStore;
import dev.actorfactory.sample.orders.PlaceOrder;
import dev.actorfactory.spring.autoconfigure.FactoryCustomizer;

/**
 * What application.yml cannot express, in code: each {@link FactoryCustomizer} receives every factory's name and
 * builder and adjusts the ones it cares about.
 */
@Configuration(proxyBeanMethods = false)
class FactoryCustomizations {

    private static final Logger log = LoggerFactory.getLogger(FactoryCustomizations.class);
    private static final long SLOW_ORDER_NANOS = Duration.ofSeconds(1).toNanos();

    /** Lifecycle hooks on every factory: log start, drain and stop. */
    @Bean
    FactoryCustomizer lifecycleLogging() {
        return (name, builder) -> builder.lifecycleHooks(new FactoryLifecycleHooks() {
            @Override
            public void onStarted(String factory) {
                log.info("Factory '{}' started", factory);
            }

            @Override
            public void onDraining(String factory) {
                log.info("Factory '{}' draining", factory);
            }

            @Override
            public void onStopped(String factory) {
                log.info("Factory '{}' stopped", factory);
            }
        });
    }

    /** Orders: a refused order is marked DISCARDED with its reason; slow orders are logged. */
    @Bean
    FactoryCustomizer ordersCustomizer(OrderStore store) {
        return (name, builder) -> {
            if (!name.equals("orders")) {
                return;
            }
            builder.discardHandler((job, reason) ->
                    store.markDiscarded(((PlaceOrder) job.message()).orderId(), reason.tagValue()));
            builder.statsListener(new FactoryStatsListener() {
                @Override
                public void onJobCompleted(String factory, long queueNanos, long processingNanos, long totalNanos) {
                    if (processingNanos > SLOW_ORDER_NANOS) {
                        log.warn("An order took {} ms to apply", processingNanos / 1_000_000);
                    }
                }
            });
        };
    }

    /** Notifications: the priority comes from the message; discards are counted by reason. */
    @Bean
    FactoryCustomizer notificationsCustomizer(NotificationLog notificationLog) {
        return (name, builder) -> {
            if (!name.equals("notifications")) {
                return;
            }
            builder.priorityFunction((key, message) -> ((Notification) message).priority());
            builder.discardHandler((job, reason) -> notificationLog.discarded(reason.tagValue()));
        };
    }
}
