package dev.actorfactory.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * An order-processing service built on the actor factory starter: orders are applied per customer in sequence by
 * the {@code orders} factory, quotes are priced through {@code pricing} (request/reply), and a slow notification
 * gateway is fed through {@code notifications} (priority queue, rate limit, load shedding).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
