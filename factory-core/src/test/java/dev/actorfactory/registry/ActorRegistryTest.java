package dev.actorfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.actor.Actor;
import dev.actorfactory.actor.ActorContext;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorStoppedException;
import dev.actorfactory.actor.ActorSystem;
import dev.actorfactory.actor.Probe;
import dev.actorfactory.actor.SpawnOptions;

class ActorRegistryTest {

    private final ActorSystem system = ActorSystem.create("registry");

    @AfterEach
    void shutdown() {
        system.close();
    }

    /** Declares its message type through its class signature. */
    static final class Greeter implements Actor<CharSequence, Void> {
        @Override
        public void handle(ActorContext<CharSequence> context, CharSequence message, Void state) {
        }
    }

    @Test
    void lookupFindsTheNamedActorAndTheNameIsFreedWhenItStops() throws Exception {
        ActorRef<CharSequence> greeter = system.spawn("greeter", new Greeter());
        assertThat(system.registry().lookup("greeter")).containsSame(greeter);
        assertThat(system.registry().names()).containsExactly("greeter");

        greeter.stop();
        greeter.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(system.registry().lookup("greeter")).isEmpty();
        assertThat(system.registry().names()).isEmpty();
        ActorRef<CharSequence> successor = system.spawn("greeter", new Greeter());
        assertThat(system.registry().lookup("greeter")).containsSame(successor);
    }

    @Test
    void nameIsFreedWhenTheActorFails() throws Exception {
        ActorRef<String> fragile = system.spawn("fragile", (context, message, state) -> {
            throw new IllegalStateException("crash");
        });
        fragile.tell("x");
        fragile.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(system.registry().lookup("fragile")).isEmpty();
    }

    @Test
    void typedLookupChecksTheDeclaredMessageType() {
        system.spawn("greeter", new Greeter());
        assertThat(system.registry().lookup("greeter", String.class)).isPresent(); // String is a CharSequence
        assertThat(system.registry().lookup("greeter", CharSequence.class)).isPresent();
        assertThatThrownBy(() -> system.registry().lookup("greeter", Integer.class))
                .isInstanceOf(ClassCastException.class)
                .hasMessageContaining("java.lang.CharSequence").hasMessageContaining("java.lang.Integer");
        assertThat(system.registry().lookup("nobody", String.class)).isEmpty();
    }

    @Test
    void explicitMessageTypeWinsForLambdaActors() {
        system.spawn(new Probe<Integer>().actor(), SpawnOptions.named("numbers").withMessageType(Number.class));
        assertThat(system.registry().lookup("numbers", Integer.class)).isPresent();
        assertThatThrownBy(() -> system.registry().lookup("numbers", String.class))
                .isInstanceOf(ClassCastException.class);
    }

    @Test
    void duplicateNamesAreRejectedWithTheNameAndHolder() {
        ActorRef<CharSequence> holder = system.spawn("unique", new Greeter());
        ActorRef<String> other = system.spawn(new Probe<String>().actor());
        assertThatThrownBy(() -> system.registry().register("unique", other))
                .isInstanceOf(DuplicateNameException.class)
                .hasMessageContaining("'unique'").hasMessageContaining(holder.toString())
                .extracting(error -> ((DuplicateNameException) error).name()).isEqualTo("unique");
    }

    @Test
    void explicitRegistrationAndUnregistration() throws Exception {
        ActorRef<String> actor = system.spawn(new Probe<String>().actor());
        system.registry().register("alias-1", actor);
        system.registry().register("alias-2", actor);
        assertThat(system.registry().lookup("alias-2")).containsSame(actor);
        assertThat(system.registry().unregister("alias-1")).isTrue();
        assertThat(system.registry().unregister("alias-1")).isFalse();
        assertThat(system.registry().lookup("alias-1")).isEmpty();
        assertThat(actor.isAlive()).isTrue();

        actor.stop();
        actor.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(system.registry().names()).isEmpty();
        assertThatThrownBy(() -> system.registry().register("late", actor))
                .isInstanceOf(ActorStoppedException.class);
        assertThat(system.registry().lookup("late")).isEmpty();
    }

    @Test
    void badArgumentsAreNamed() {
        ActorRef<String> actor = system.spawn(new Probe<String>().actor());
        assertThatThrownBy(() -> system.registry().register(" ", actor))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> system.registry().register("x", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("actor");
        assertThatThrownBy(() -> system.registry().lookup(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThat(system.registry().names()).isEmpty();
    }
}
