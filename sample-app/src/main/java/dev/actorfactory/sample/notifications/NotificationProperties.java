package dev.actorfactory.sample.notifications;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the simulated notification gateway.
 *
 * @param delay how long the gateway takes per notification (it stands for a slow external service)
 */
@ConfigurationProperties("sample.notifications")
public record NotificationProperties(Duration delay) {

    /** Defaults the delay to 20 ms. */
    public NotificationProperties {
        if (delay == null) {
            delay = Duration.ofMillis(20);
        }
    }
}
