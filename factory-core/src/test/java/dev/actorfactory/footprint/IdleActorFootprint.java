package dev.actorfactory.footprint;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.actorfactory.actor.Actor;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorSystem;

/**
 * A reproducible measurement (not a test): retained heap per idle actor and spawn time.
 *
 * <p>Run after {@code ./mvnw -pl factory-core test-compile}:
 * <pre>
 * java -Xmx1g -cp "factory-core/target/classes:factory-core/target/test-classes:$(cat cp.txt)" \
 *      dev.actorfactory.footprint.IdleActorFootprint 1000000
 * </pre>
 * (with {@code cp.txt} from {@code ./mvnw -pl factory-core dependency:build-classpath -Dmdep.outputFile=../cp.txt}).
 * Spawns N idle actors (one shared stateless definition, so only the runtime's own cost is counted), measures
 * the used heap after full GCs before and after, and the wall time per spawn over several rounds.
 */
public final class IdleActorFootprint {

    private IdleActorFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Actor<Object, Void> idle = (context, message, state) -> { };

        // warm-up round, and the spawn-time rounds
        for (int round = 0; round <= rounds; round++) {
            try (ActorSystem system = ActorSystem.create("footprint")) {
                long start = System.nanoTime();
                for (int i = 0; i < Math.min(count, 100_000); i++) {
                    system.spawn(idle);
                }
                long elapsed = System.nanoTime() - start;
                if (round > 0) {
                    System.out.printf(Locale.ROOT, "round %d: spawn %.2f us/actor (%d actors)%n", round,
                            elapsed / 1_000.0 / Math.min(count, 100_000), Math.min(count, 100_000));
                }
            }
        }

        try (ActorSystem system = ActorSystem.create("footprint")) {
            List<ActorRef<Object>> refs = new ArrayList<>(count);
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                refs.add(system.spawn(idle));
            }
            long elapsed = System.nanoTime() - start;
            long after = usedHeapAfterGc();
            long refList = 4L * count + 16; // the ArrayList's backing array (compressed oops)
            System.out.printf(Locale.ROOT, "%d idle actors: %.1f bytes retained per actor, spawn %.2f us/actor, "
                    + "alive=%d, max heap %d MiB, java %s%n", count, (after - before - refList) / (double) count,
                    elapsed / 1_000.0 / count, system.actorCount(), Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.version());
            if (refs.size() != count) {
                throw new AssertionError("lost references");
            }
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100); // measurement tool, not a test: lets the collector settle
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
