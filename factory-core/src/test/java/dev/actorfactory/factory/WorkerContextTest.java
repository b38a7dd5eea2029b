package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.actorfactory.factory.discard.DiscardReason;
import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.stats.FactoryStats;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.factory.worker.WorkerContext;

/** A worker's own context: its id, its factory's name, follow-up jobs, and no hold on a stopped factory. */
class WorkerContextTest {

    /** Orders make an invoice follow-up through the context; every instance records the context it started with. */
    static final class OrderWorker implements Worker<String, String, String> {
        final List<WorkerContext<String, String>> started;
        final List<String> ran;
        private WorkerContext<String, String> context;

        OrderWorker(List<WorkerContext<String, String>> started, List<String> ran) {
            this.started = started;
            this.ran = ran;
        }

        @Override
        public void onStart(WorkerContext<String, String> context) {
            this.context = context;
            started.add(context);
        }

        @Override
        public String handle(Job<String, String> job) {
            ran.add(job.message() + "@" + context.workerId());
            if (job.message().startsWith("order-")) {
                DispatchResult followUp = context.dispatch(job.key(), "invoice-" + job.message().substring(6));
                assertThat(followUp.isAccepted()).isTrue();
            }
            if (job.message().equals("crash")) {
                throw new IllegalStateException("crash");
            }
            return job.message();
        }
    }

    @Test
    void eachInstanceStartsWithItsSlotsContextAndCanSubmitFollowUps() throws Exception {
        List<WorkerContext<String, String>> started = new CopyOnWriteArrayList<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        Factory<String, String, String> factory = Factory.<String, String, String>builder("orders")
                .workerBuilder(id -> new OrderWorker(started, ran))
                .workers(3)
                .build().start();
        assertThat(started).extracting(WorkerContext::workerId).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(started).extracting(WorkerContext::factoryName).containsOnly("orders");
        assertThat(started).allMatch(WorkerContext::factoryRunning);

        factory.dispatch("customer-1", "order-1");
        factory.dispatch("customer-2", "order-2");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> factory.stats().completed() == 4);
        assertThat(ran.stream().map(line -> line.substring(0, line.indexOf('@'))).toList())
                .containsExactlyInAnyOrder("order-1", "order-2", "invoice-1", "invoice-2");

        int crashedOn = Integer.parseInt(factory.call("customer-1", "crash").handle((result, error) -> ran.get(
                ran.size() - 1)).get(10, TimeUnit.SECONDS).substring("crash@".length()));
        factory.call("customer-1", "after-crash").get(10, TimeUnit.SECONDS);
        assertThat(started).hasSize(4);
        assertThat(started.get(3).workerId()).as("the replacement keeps its slot's id").isEqualTo(crashedOn);

        FactoryStats stats = factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(stats.outstanding()).isZero();
        assertThat(started).noneMatch(WorkerContext::factoryRunning);
        DispatchResult late = started.get(0).dispatch("k", "too-late");
        assertThat(late.reason()).isEqualTo(DiscardReason.SHUTDOWN);
        assertThat(late.jobId()).isZero();
        assertThat(factory.stats().submitted()).as("not counted: the factory is gone").isEqualTo(stats.submitted());
    }

    @Test
    void aContextKeptAfterTheStopDoesNotKeepTheFactoryReachable() throws Exception {
        Set<WorkerContext<String, String>> kept = ConcurrentHashMap.newKeySet();
        WeakReference<Factory<String, String, String>> reference = startAndStop(kept);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return reference.get() == null;
        });
        assertThat(kept).hasSize(2);
    }

    private static WeakReference<Factory<String, String, String>> startAndStop(
            Set<WorkerContext<String, String>> kept) throws Exception {
        Factory<String, String, String> factory = Factory.<String, String, String>builder("short-lived")
                .workerBuilder(id -> new Worker<>() {
                    @Override
                    public void onStart(WorkerContext<String, String> context) {
                        kept.add(context);
                    }

                    @Override
                    public String handle(Job<String, String> job) {
                        return job.message();
                    }
                })
                .workers(2)
                .build().start();
        factory.call("k", "m").get(10, TimeUnit.SECONDS);
        factory.drain(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        return new WeakReference<>(factory);
    }

    @Test
    void anOnStartThatThrowsIsAFailedBuild() {
        assertThatThrownBy(() -> Factory.<String, String, String>builder("bad-start")
                .workerBuilder(id -> new Worker<>() {
                    @Override
                    public void onStart(WorkerContext<String, String> context) {
                        throw new IllegalStateException("no database");
                    }

                    @Override
                    public String handle(Job<String, String> job) {
                        return job.message();
                    }
                })
                .workers(1)
                .build().start())
                .isInstanceOf(FactoryStartException.class).hasMessageContaining("no database");
    }
}
