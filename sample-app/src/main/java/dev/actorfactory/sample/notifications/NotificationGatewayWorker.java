package dev.actorfactory.sample.notifications;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;

/**
 * Sends one notification through a slow gateway: it blocks for {@code sample.notifications.delay}, as a call to an
 * external service would. Blocking is fine — each worker has its own (virtual, where available) thread.
 */
@FactoryWorker("notifications")
class NotificationGatewayWorker implements Worker<String, Notification, Object> {

    private static final Logger log = LoggerFactory.getLogger(NotificationGatewayWorker.class);

    private final NotificationProperties properties;
    private final NotificationLog notificationLog;

    NotificationGatewayWorker(NotificationProperties properties, NotificationLog notificationLog) {
        this.properties = properties;
        this.notificationLog = notificationLog;
    }

    @Override
    public Object handle(Job<String, Notification> job) throws InterruptedException {
        Thread.sleep(properties.delay().toMillis());
        notificationLog.sent();
        log.debug("Notified {}: {}", job.key(), job.message().text());
        return job.message().orderId();
    }
}
