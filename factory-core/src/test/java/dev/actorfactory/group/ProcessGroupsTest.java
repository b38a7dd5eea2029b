package dev.actorfactory.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorStoppedException;
import dev.actorfactory.actor.ActorSystem;
import dev.actorfactory.actor.Probe;
import dev.actorfactory.actor.Subscription;

class ProcessGroupsTest {

    private final ActorSystem system = ActorSystem.create("groups");
    private final ProcessGroups groups = system.groups();

    @AfterEach
    void shutdown() {
        system.close();
    }

    @Test
    void joinLeaveAndMembersInJoiningOrder() {
        ActorRef<String> a = system.spawn(new Probe<String>().actor());
        ActorRef<String> b = system.spawn(new Probe<String>().actor());
        groups.join("cache", b);
        groups.join("cache", a);
        groups.join("cache", a); // idempotent
        groups.join("web", a);
        assertThat(groups.members("cache")).containsExactly(b, a);
        assertThat(groups.groups()).containsExactlyInAnyOrder("cache", "web");
        assertThat(groups.groupsOf(a)).containsExactlyInAnyOrder("cache", "web");

        assertThat(groups.leave("cache", b)).isTrue();
        assertThat(groups.leave("cache", b)).isFalse();
        assertThat(groups.members("cache")).containsExactly(a);
        assertThat(groups.members("unknown")).isEmpty();
    }

    @Test
    void watchersSeeEveryChangeInOrderIncludingAutomaticLeaves() throws Exception {
        Probe<GroupChange> changes = new Probe<>();
        ActorRef<GroupChange> watcher = system.spawn(changes.actor());
        Subscription subscription = groups.watch("cache", watcher);
        ActorRef<String> a = system.spawn(new Probe<String>().actor());
        ActorRef<String> b = system.spawn(new Probe<String>().actor());

        groups.join("cache", a);
        groups.join("cache", b);
        groups.join("other", b);
        groups.leave("cache", a);
        b.stop();

        assertThat(changes.next(4)).containsExactly(
                new GroupChange("cache", a, GroupChange.Kind.JOINED),
                new GroupChange("cache", b, GroupChange.Kind.JOINED),
                new GroupChange("cache", a, GroupChange.Kind.LEFT),
                new GroupChange("cache", b, GroupChange.Kind.LEFT));
        b.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(groups.members("cache")).isEmpty();
        assertThat(groups.members("other")).isEmpty();
        assertThat(groups.groupsOf(b)).isEmpty();

        subscription.close();
        groups.join("cache", a);
        ActorRef<GroupChange> sentinelWatcher = system.spawn(changes.actor());
        groups.watch("cache", sentinelWatcher);
        groups.leave("cache", a);
        // only the new watcher reports the leave; the closed subscription reported nothing of the join
        assertThat(changes.next()).isEqualTo(new GroupChange("cache", a, GroupChange.Kind.LEFT));
        assertThat(changes.drain()).isEmpty();
    }

    @Test
    void aStoppedActorLeavesAllItsGroupsBeforeItsTerminationCompletes() throws Exception {
        ActorRef<String> a = system.spawn(new Probe<String>().actor());
        groups.join("one", a);
        groups.join("two", a);
        a.kill();
        a.whenTerminated().get(5, TimeUnit.SECONDS);
        assertThat(groups.groups()).isEmpty();
        assertThatThrownBy(() -> groups.join("one", a)).isInstanceOf(ActorStoppedException.class)
                .hasMessageContaining("'one'");
        assertThat(groups.members("one")).isEmpty();
    }

    @Test
    void aStoppedWatcherIsForgotten() throws Exception {
        ActorRef<GroupChange> watcher = system.spawn(new Probe<GroupChange>().actor());
        groups.watch("g", watcher);
        watcher.stop();
        watcher.whenTerminated().get(5, TimeUnit.SECONDS);
        long deadLetters = system.deadLetters().count();
        groups.join("g", system.spawn(new Probe<String>().actor()));
        assertThat(system.deadLetters().count()).isEqualTo(deadLetters);
    }

    @Test
    void badArgumentsAreNamed() {
        ActorRef<String> a = system.spawn(new Probe<String>().actor());
        assertThatThrownBy(() -> groups.join("", a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group");
        assertThatThrownBy(() -> groups.join("g", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("actor");
        assertThatThrownBy(() -> groups.watch("g", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("watcher");
        assertThat(groups.groups()).isEmpty();
    }
}
