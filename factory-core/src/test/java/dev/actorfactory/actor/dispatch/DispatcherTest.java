package dev.actorfactory.actor.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorSystem;
import dev.actorfactory.actor.Probe;
import dev.actorfactory.actor.SpawnOptions;

class DispatcherTest {

    private final ActorSystem system = ActorSystem.builder("dispatch").parallelism(2).throughput(4).build();

    @AfterEach
    void shutdown() {
        system.close();
    }

    @Test
    void idleActorsHoldNoThread() throws Exception {
        int actors = 10_000;
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch handled = new CountDownLatch(actors);
        List<ActorRef<String>> refs = new ArrayList<>();
        for (int i = 0; i < actors; i++) {
            refs.add(system.spawn((context, message, state) -> {
                threads.add(Thread.currentThread());
                handled.countDown();
            }));
        }
        for (ActorRef<String> ref : refs) {
            ref.tell("wake up");
        }
        assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
        // ten thousand actors, all served by the dispatcher's two threads
        assertThat(threads).hasSizeLessThanOrEqualTo(2);
        assertThat(threads).allSatisfy(thread -> assertThat(thread.getName()).startsWith("dispatch-dispatcher-"));
    }

    @Test
    void anActorYieldsAfterItsThroughputSoOthersGetTheirTurn() throws Exception {
        try (ActorSystem single = ActorSystem.builder("fair").parallelism(1).throughput(4).build()) {
            Probe<String> order = new Probe<>();
            ActorRef<Integer> busy = single.spawn((context, message, state) -> order.add("busy-" + message));
            ActorRef<String> other = single.spawn((context, message, state) -> order.add("other"));
            // the kicker runs on the only dispatcher thread and wakes busy first, then other
            ActorRef<String> kicker = single.spawn((context, message, state) -> {
                for (int i = 0; i < 20; i++) {
                    busy.tell(i);
                }
                other.tell("one");
            });
            kicker.tell("go");

            List<String> seen = order.next(21);
            // with throughput 4, busy yields after 4 messages and other runs next, not after all 20
            assertThat(seen.indexOf("other")).isEqualTo(4);
            assertThat(seen).filteredOn(entry -> entry.startsWith("busy")).hasSize(20);
        }
    }

    @Test
    void blockingActorsOnABoundedPlatformDispatcherRunAtTheSameTime() throws Exception {
        try (Dispatcher blocking = Dispatcher.boundedPlatformThreads("jdbc", 8)) {
            assertAllReachTheBarrier(blocking, 8);
        }
    }

    @Test
    void blockingActorsOnVirtualThreadsRunAtTheSameTime() throws Exception {
        assumeTrue(Dispatcher.virtualThreadsAvailable(), "virtual threads need JDK 21+");
        try (Dispatcher blocking = Dispatcher.virtualThreads("http")) {
            assertAllReachTheBarrier(blocking, 8);
        }
    }

    @Test
    void systemBlockingDispatcherRunsEightBlockingActorsAtOnce() throws Exception {
        assertAllReachTheBarrier(system.blockingDispatcher(), 8);
    }

    /** N actors each block on one N-party barrier: only if all run at once do they get through. */
    private void assertAllReachTheBarrier(Dispatcher dispatcher, int parties) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(parties);
        Probe<Integer> passed = new Probe<>();
        for (int i = 0; i < parties; i++) {
            int id = i;
            ActorRef<String> ref = system.spawn((context, message, state) -> {
                barrier.await(30, TimeUnit.SECONDS); // a deadlock would break the barrier instead
                passed.add(id);
            }, SpawnOptions.defaults().withDispatcher(dispatcher));
            ref.tell("block");
        }
        assertThat(passed.next(parties)).containsExactlyInAnyOrder(
                java.util.stream.IntStream.range(0, parties).boxed().toArray(Integer[]::new));
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void virtualThreadsAreRefusedClearlyWhereTheJvmHasNone() {
        assumeTrue(!Dispatcher.virtualThreadsAvailable(), "only on JDK 17-20");
        assertThatThrownBy(() -> Dispatcher.virtualThreads("v"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("JDK 21");
    }

    @Test
    void blockingFallsBackToPlatformThreadsOrUsesVirtualThreads() throws Exception {
        try (Dispatcher blocking = Dispatcher.blocking("io", 3)) {
            CountDownLatch ran = new CountDownLatch(1);
            boolean[] virtual = new boolean[1];
            system.spawn((context, message, state) -> {
                virtual[0] = isVirtual(Thread.currentThread());
                ran.countDown();
            }, SpawnOptions.defaults().withDispatcher(blocking)).tell("which thread?");
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(virtual[0]).isEqualTo(Dispatcher.virtualThreadsAvailable());
        }
    }

    private static boolean isVirtual(Thread thread) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (ReflectiveOperationException notOnThisJvm) {
            return false;
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Dispatcher.shared("x", 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism");
        assertThatThrownBy(() -> Dispatcher.shared("x", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("throughput");
        assertThatThrownBy(() -> Dispatcher.boundedPlatformThreads("x", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> Dispatcher.fromExecutor("x", null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("executor");
    }
}
