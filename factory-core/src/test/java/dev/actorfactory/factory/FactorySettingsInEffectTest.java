package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.discard.DiscardMode;
import dev.actorfactory.factory.queue.QueueKind;
import dev.actorfactory.factory.routing.RoutingMode;
import dev.actorfactory.factory.worker.DeadMansSwitch;

class FactorySettingsInEffectTest {

    @Test
    void describesTheConfiguredSettingsWithTheCurrentWorkerCount() throws Exception {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("described")
                .workerBuilder(id -> job -> job.message())
                .workers(2).maxWorkers(4)
                .routing(RoutingMode.STICKY_QUEUER)
                .queue(QueueKind.priority(5))
                .discardLimit(100, DiscardMode.NEWEST)
                .defaultJobTtl(Duration.ofSeconds(3))
                .deadMansSwitch(new DeadMansSwitch(Duration.ofSeconds(30), true))
                .discardHandler((job, reason) -> { })
                .build();
        try {
            factory.start();
            Map<String, Object> settings = factory.settingsInEffect();
            assertThat(settings).containsEntry("workers", 2).containsEntry("max-workers", 4)
                    .containsEntry("routing", "sticky-queuer").containsEntry("queue", "priority")
                    .containsEntry("priority-levels", 5).containsEntry("discard.limit", 100)
                    .containsEntry("discard.mode", "newest").containsEntry("job-ttl", "PT3S")
                    .containsEntry("dead-mans-switch.timeout", "PT30S").containsEntry("dead-mans-switch.kill", true)
                    .containsEntry("dead-mans-switch.grace", "PT30S")
                    .containsEntry("retry.max-attempts", 1).containsEntry("discard-handler", true)
                    .containsEntry("custom-hash", false);

            factory.resize(3);
            assertThat(factory.settingsInEffect()).containsEntry("workers", 3);
            assertThatThrownBy(() -> settings.put("workers", 9)).isInstanceOf(UnsupportedOperationException.class);
        } finally {
            factory.drain(Duration.ofSeconds(5)).get();
        }
    }

    @Test
    void defaultsReadAsUnlimitedOrOff() {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("defaults")
                .workerBuilder(id -> job -> job.message()).workers(1).build();
        assertThat(factory.settingsInEffect()).containsEntry("routing", "key-persistent")
                .containsEntry("queue", "fifo").containsEntry("discard.limit", "unlimited")
                .containsEntry("job-ttl", "none").containsEntry("dead-mans-switch.timeout", "off")
                .containsEntry("rate-limit", "none").containsEntry("threads", "platform");
    }

    @Test
    void virtualThreadsReadAsInEffect() {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("virtual")
                .workerBuilder(id -> job -> job.message()).workers(1)
                .workerThreads(dev.actorfactory.factory.worker.WorkerThreads.VIRTUAL).build();
        // JDK 17 has no virtual threads: the factory falls back to platform threads and says so
        assertThat(factory.settingsInEffect()).containsEntry("threads",
                Runtime.version().feature() >= 21 ? "virtual" : "platform");
    }
}
