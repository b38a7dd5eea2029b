package dev.actorfactory.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import dev.actorfactory.actor.Actor;

/**
 * Workload 5b: retained heap per idle actor, ours against Pekko typed, and whether N idle actors fit in the heap
 * this JVM was given. Not a JMH benchmark: heap is measured after full collections, before and after spawning.
 *
 * <pre>java -cp benchmarks.jar dev.actorfactory.benchmarks.IdleFootprint ours|pekko COUNT</pre>
 *
 * Prints one line: {@code footprint <system> <count> <bytes-per-actor> fits=<true|false>}.
 */
public final class IdleFootprint {

    private IdleFootprint() {
    }

    public static void main(String[] args) throws Exception {
        String system = args.length > 0 ? args[0] : "ours";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<Object> refs = new ArrayList<>(count);
        boolean fits = true;
        double perActor;
        try {
            perActor = system.equals("pekko") ? pekko(count, refs) : ours(count, refs);
        } catch (OutOfMemoryError full) {
            refs.clear();
            fits = false;
            perActor = Double.NaN;
        }
        System.out.printf(Locale.ROOT, "footprint %s %d %.1f fits=%s%n", system, count, perActor, fits);
        System.exit(0);
    }

    /** Bytes per actor, excluding the system itself and the list holding the references. */
    private static double ours(int count, List<Object> refs) throws InterruptedException {
        dev.actorfactory.actor.ActorSystem system = dev.actorfactory.actor.ActorSystem.create("footprint");
        Actor<Object, Void> idle = (context, message, state) -> { };
        long before = usedHeapAfterGc();
        for (int i = 0; i < count; i++) {
            refs.add(system.spawn(idle));
        }
        long after = usedHeapAfterGc();
        if (system.actorCount() != count) {
            throw new IllegalStateException("spawned " + system.actorCount() + " of " + count);
        }
        system.shutdown(Duration.ofSeconds(60));
        return (after - before - 4.0 * count) / count;
    }

    private static double pekko(int count, List<Object> refs) throws InterruptedException {
        ActorSystem<Void> system = Pekko.system("footprint");
        Behavior<Object> idle = Behaviors.receive(Object.class).onAnyMessage(m -> Behaviors.same()).build();
        long before = usedHeapAfterGc();
        for (int i = 0; i < count; i++) {
            refs.add(Pekko.spawn(system, idle, "a" + i));
        }
        long after = usedHeapAfterGc();
        Pekko.terminate(system);
        return (after - before - 4.0 * count) / count;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100); // a measurement tool, not a test: lets the collector settle
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
