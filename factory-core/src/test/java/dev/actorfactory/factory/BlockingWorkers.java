package dev.actorfactory.factory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.factory.worker.WorkerBuilder;

/**
 * Test workers: a job whose message is "block" parks its worker until {@link #release()}; every job's message is
 * recorded in run order. Lets a test fill queues behind a busy worker without timing.
 */
final class BlockingWorkers implements WorkerBuilder<String, String, String> {

    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked;
    final List<String> ran = new CopyOnWriteArrayList<>();

    BlockingWorkers(int blockers) {
        this.blocked = new CountDownLatch(blockers);
    }

    @Override
    public Worker<String, String, String> build(int workerId) {
        return job -> {
            if (job.message().equals("block")) {
                blocked.countDown();
                release.await();
            }
            ran.add(job.message());
            return job.message();
        };
    }

    void awaitBlocked() throws InterruptedException {
        if (!blocked.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("workers did not block");
        }
    }

    void release() {
        release.countDown();
    }
}
