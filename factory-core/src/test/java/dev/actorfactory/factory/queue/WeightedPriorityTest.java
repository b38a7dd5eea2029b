package dev.actorfactory.factory.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.Factory;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.job.JobOptions;
import dev.actorfactory.factory.routing.RoutingMode;

/** Weighted priority levels: every level gets its share of the takes; strict priority starves the low ones. */
class WeightedPriorityTest {

    /** A job at a level, numbered within it. */
    record TestJob(int priority, int number) implements Job<String, String> {
        @Override
        public long id() {
            return priority * 1000L + number;
        }

        @Override
        public String key() {
            return "k" + number;
        }

        @Override
        public String message() {
            return priority + "-" + number;
        }

        @Override
        public JobOptions options() {
            return JobOptions.defaults();
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public long acceptedAtNanos() {
            return 0;
        }

        @Override
        public long routedAtNanos() {
            return 0;
        }

        @Override
        public long startedAtNanos() {
            return 0;
        }

        @Override
        public long finishedAtNanos() {
            return 0;
        }
    }

    private static JobQueue<TestJob> filled(QueueKind kind, int perLevel) {
        JobQueue<TestJob> queue = new JobQueue<>(kind);
        for (int n = 0; n < perLevel; n++) {
            for (int level = 0; level < kind.levels(); level++) {
                queue.add(new TestJob(level, n));
            }
        }
        return queue;
    }

    private static Map<Integer, Integer> levelsOfTheNext(JobQueue<TestJob> queue, int takes) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < takes; i++) {
            counts.merge(queue.poll().priority(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void whileEveryLevelHasJobsEachGetsItsWeightOfEveryRound() {
        JobQueue<TestJob> queue = filled(QueueKind.weighted(1, 3, 6), 100);
        assertThat(levelsOfTheNext(queue, 10)).containsExactly(Map.entry(0, 1), Map.entry(1, 3), Map.entry(2, 6));
        assertThat(levelsOfTheNext(queue, 100)).containsExactly(Map.entry(0, 10), Map.entry(1, 30),
                Map.entry(2, 60));
    }

    @Test
    void takesAreInterleavedAndFifoWithinALevel() {
        JobQueue<TestJob> queue = filled(QueueKind.weighted(1, 2), 10);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(queue.poll().message());
        }
        assertThat(order).containsExactly("1-0", "0-0", "1-1", "1-2", "0-1", "1-3");
    }

    @Test
    void strictPriorityStarvesTheLowLevelsWhileWeightsDoNot() {
        JobQueue<TestJob> strict = filled(QueueKind.priority(3), 100);
        assertThat(levelsOfTheNext(strict, 100)).containsExactly(Map.entry(2, 100));
        JobQueue<TestJob> weighted = filled(QueueKind.weighted(1, 1, 100), 100);
        assertThat(levelsOfTheNext(weighted, 102)).containsEntry(0, 1).containsEntry(1, 1);
    }

    @Test
    void aLevelThatRanEmptyComesBackWithItsShareNotABurst() {
        JobQueue<TestJob> queue = new JobQueue<>(QueueKind.weighted(1, 1));
        for (int n = 0; n < 50; n++) {
            queue.add(new TestJob(1, n));
        }
        for (int i = 0; i < 40; i++) {
            assertThat(queue.poll().priority()).isEqualTo(1); // level 0 is empty: no credit builds up for it
        }
        for (int n = 0; n < 10; n++) {
            queue.add(new TestJob(0, n));
        }
        assertThat(levelsOfTheNext(queue, 10)).containsExactly(Map.entry(0, 5), Map.entry(1, 5));
    }

    @Test
    void aLevelWithNothingEligibleIsPassedOverAndKeepsItsJobs() {
        JobQueue<TestJob> queue = filled(QueueKind.weighted(1, 5), 3);
        TestJob taken = queue.poll(job -> job.priority() == 0);
        assertThat(taken.message()).isEqualTo("0-0");
        assertThat(queue.poll(job -> false)).isNull();
        assertThat(queue.size()).isEqualTo(5);
        assertThat(queue.poll().message()).isEqualTo("1-0");
    }

    @Test
    void badWeightsAreRefusedNamingTheArgument() {
        assertThatThrownBy(() -> QueueKind.weighted(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights");
        assertThatThrownBy(() -> QueueKind.weighted(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight");
        assertThatThrownBy(() -> new QueueKind(3, List.of(1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one entry per level");
    }

    @Test
    void aFactoryWithWeightedLevelsRunsLowPriorityJobsWhileHighOnesKeepComing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("weighted")
                .workerBuilder(id -> job -> {
                    if (job.message().equals("block")) {
                        release.await();
                    } else {
                        ran.add(job.priority());
                    }
                    return job.message();
                })
                .workers(1)
                .routing(RoutingMode.QUEUER)
                .queue(QueueKind.weighted(1, 4))
                .build().start();
        try {
            factory.dispatch("b", "block", JobOptions.defaults().withPriority(1));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> factory.activeWorkers() == 1);
            for (int i = 0; i < 40; i++) {
                factory.dispatch("k" + i, "high", JobOptions.defaults().withPriority(1));
            }
            for (int i = 0; i < 10; i++) {
                factory.dispatch("k" + i, "low", JobOptions.defaults().withPriority(0));
            }
            release.countDown();
            factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            assertThat(ran).hasSize(50);
            assertThat(ran.subList(0, 25).stream().filter(level -> level == 0).count()).isEqualTo(5);
            assertThat(factory.settingsInEffect()).containsEntry("priority-weights", List.of(1, 4));
        } finally {
            factory.stop().join();
        }
    }
}
