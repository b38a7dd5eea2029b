package dev.actorfactory.factory;

import java.util.ArrayList;
import java.util.List;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.job.RetryPolicy;

/**
 * Model-checks the lock-free submit path's {@link Inbox} with Lincheck: submitters push concurrently, one consumer
 * at a time drains (the holder of the slot's lock), and every interleaving must be linearizable against a plain
 * list — nothing pushed is lost or duplicated, and a drain returns the jobs in push order.
 */
@Param(name = "message", gen = IntGen.class, conf = "1:9")
public class InboxModelCheckTest {

    private final Inbox<Integer, Integer, Void> inbox = new Inbox<>();

    @Operation
    public void push(@Param(name = "message") int message) {
        inbox.push(new JobRecord<>(message, message, JobOptions.defaults(), 0, 0, 0, 0, RetryPolicy.none(), null));
    }

    /** Drains are serialised by the slot's lock in the engine: one consumer at a time. */
    @Operation(nonParallelGroup = "consumer")
    public List<Integer> drain() {
        List<Integer> drained = new ArrayList<>();
        for (JobRecord<Integer, Integer, Void> job = inbox.drain(); job != null; job = job.next) {
            drained.add(job.message);
        }
        return drained;
    }

    @Operation
    public boolean isEmpty() {
        return inbox.isEmpty();
    }

    @Test
    void pushesAndDrainsAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(500)
                .threads(2)
                .actorsPerThread(3)
                .sequentialSpecification(Sequential.class)
                .check(InboxModelCheckTest.class);
    }

    /** The sequential inbox: a list. */
    public static class Sequential {
        private final List<Integer> pushed = new ArrayList<>();

        public void push(int message) {
            pushed.add(message);
        }

        public List<Integer> drain() {
            List<Integer> all = new ArrayList<>(pushed);
            pushed.clear();
            return all;
        }

        public boolean isEmpty() {
            return pushed.isEmpty();
        }
    }
}
