package dev.actorfactory.spring.autoconfigure.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;

/** A small web application with three factories, for the full-server tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ServerApp.OrderWorker.class, ServerApp.PausingWorker.class, ServerApp.DrainingWorker.class })
class ServerApp {

    /** Released by tests whose jobs must wait on a worker. */
    static volatile CountDownLatch gate = new CountDownLatch(0);

    static String handleMessage(String message) throws InterruptedException {
        if (message.equals("wait")) {
            gate.await(30, TimeUnit.SECONDS);
        }
        return message.toUpperCase(java.util.Locale.ROOT);
    }

    @FactoryWorker("orders")
    static final class OrderWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) throws InterruptedException {
            return handleMessage(job.message());
        }
    }

    @FactoryWorker("pausing")
    static final class PausingWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) throws InterruptedException {
            return handleMessage(job.message());
        }
    }

    @FactoryWorker("draining")
    static final class DrainingWorker implements Worker<String, String, String> {
        @Override
        public String handle(Job<String, String> job) throws InterruptedException {
            return handleMessage(job.message());
        }
    }
}
