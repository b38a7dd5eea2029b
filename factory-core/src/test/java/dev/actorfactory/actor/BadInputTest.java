package dev.actorfactory.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Null or invalid arguments fail with an exception naming the argument, and change nothing. */
class BadInputTest {

    private final ActorSystem system = ActorSystem.create("bad-input");

    @AfterEach
    void shutdown() {
        system.close();
    }

    @Test
    void nullMessagesAreRejectedAndNothingIsQueued() throws Exception {
        Probe<String> probe = new Probe<>();
        ActorRef<String> ref = system.spawn(probe.actor());
        assertThatThrownBy(() -> ref.tell(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("message must not be null");
        assertThatThrownBy(() -> ref.ask(reply -> null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("message built by request");
        ref.tell("real");
        assertThat(probe.next()).isEqualTo("real");
        assertThat(probe.drain()).isEmpty();
        assertThat(system.deadLetters().count()).isZero();
    }

    @Test
    void askArgumentsAreChecked() {
        ActorRef<String> ref = system.spawn(new Probe<String>().actor());
        assertThatThrownBy(() -> ref.ask(null, Duration.ofSeconds(1))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("request");
        assertThatThrownBy(() -> ref.ask(reply -> "x", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> ref.ask(reply -> "x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> ref.awaitTermination(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    @Test
    void spawnArgumentsAreChecked() {
        assertThatThrownBy(() -> system.spawn(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("actor");
        assertThatThrownBy(() -> system.spawn(new Probe<String>().actor(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        assertThatThrownBy(() -> system.spawn("", new Probe<String>().actor()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> SpawnOptions.defaults().withSupervisor(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("supervisor");
        assertThatThrownBy(() -> SpawnOptions.defaults().withDispatcher(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dispatcher");
        assertThat(system.actorCount()).isZero();
    }

    @Test
    void systemArgumentsAreChecked() {
        assertThatThrownBy(() -> ActorSystem.create(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> ActorSystem.builder("x").parallelism(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> system.deadLetters().subscribe(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
        assertThatThrownBy(() -> system.addLifecycleListener(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
        assertThatThrownBy(() -> system.shutdown(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThat(system.isShutdown()).isFalse();
    }

    @Test
    void replyArgumentsAreChecked() throws Exception {
        Probe<ReplyTo<String>> replies = new Probe<>();
        ActorRef<ReplyTo<String>> ref = system.spawn(replies.actor());
        ref.<String>ask(reply -> reply, Duration.ofSeconds(5));
        ReplyTo<String> reply = replies.next();
        assertThatThrownBy(() -> reply.fail(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("error");
        assertThat(reply.isPending()).isTrue();
    }
}
