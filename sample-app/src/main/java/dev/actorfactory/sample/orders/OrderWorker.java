package dev.actorfactory.sample.orders;

import java.math.BigDecimal;

import org.springframework.beans.factory.annotation.Qualifier;

import dev.actorfactory.factory.FactoryRef;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.sample.notifications.Notification;
import dev.actorfactory.spring.FactoryWorker;

/**
 * Applies one order to its customer's balance, then asks the notification gateway to tell the customer. One
 * instance per worker; key-persistent routing hands all of one customer's orders to one worker, in order.
 */
@FactoryWorker("orders")
class OrderWorker implements Worker<String, PlaceOrder, Integer> {

    private static final BigDecimal LARGE = new BigDecimal("1000");

    private final OrderStore store;
    private final FactoryRef<String, Notification, Object> notifications;

    OrderWorker(OrderStore store, @Qualifier("notifications") FactoryRef<String, Notification, Object> notifications) {
        this.store = store;
        this.notifications = notifications;
    }

    @Override
    public Integer handle(Job<String, PlaceOrder> job) {
        PlaceOrder order = job.message();
        int seq = store.apply(order.orderId(), job.key(), order.amount());
        int priority = order.amount().compareTo(LARGE) >= 0 ? Notification.HIGH : Notification.NORMAL;
        // fire-and-forget: a full or rate-limited gateway sheds notifications, never orders
        notifications.dispatch(job.key(), new Notification(order.orderId(), "Order applied: " + order.amount(),
                priority));
        return seq;
    }
}
