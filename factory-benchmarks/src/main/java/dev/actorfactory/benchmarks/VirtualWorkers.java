package dev.actorfactory.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;

/**
 * The "one virtual thread per worker" baseline: N virtual threads (JDK 21+), each taking payloads from its own
 * blocking-queue mailbox; the caller picks the worker. Compiled for Java 17, so threads are started reflectively.
 */
final class VirtualWorkers implements AutoCloseable {

    private static final Long POISON = Long.MIN_VALUE;
    private static final MethodHandle START_VIRTUAL = findStartVirtual();

    private final LinkedBlockingQueue<Long>[] mailboxes;
    private final Thread[] threads;

    @SuppressWarnings("unchecked")
    VirtualWorkers(int workers, LongConsumer handler) {
        if (START_VIRTUAL == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+; this JVM is " + Runtime.version());
        }
        mailboxes = new LinkedBlockingQueue[workers];
        threads = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            LinkedBlockingQueue<Long> mailbox = new LinkedBlockingQueue<>();
            mailboxes[i] = mailbox;
            Runnable loop = () -> {
                try {
                    while (true) {
                        Long payload = mailbox.take();
                        if (payload == POISON) {
                            return;
                        }
                        handler.accept(payload);
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            };
            try {
                threads[i] = (Thread) START_VIRTUAL.invoke(loop);
            } catch (Throwable error) {
                throw new IllegalStateException(error);
            }
        }
    }

    /** Sends a payload to worker {@code worker}'s mailbox. */
    void send(int worker, Long payload) {
        mailboxes[worker].add(payload);
    }

    int size() {
        return mailboxes.length;
    }

    static boolean available() {
        return START_VIRTUAL != null;
    }

    @Override
    public void close() throws InterruptedException {
        for (LinkedBlockingQueue<Long> mailbox : mailboxes) {
            mailbox.add(POISON);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static MethodHandle findStartVirtual() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException notOnThisJvm) {
            return null;
        }
    }
}
