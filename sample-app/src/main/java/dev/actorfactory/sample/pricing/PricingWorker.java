package dev.actorfactory.sample.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.actorfactory.factory.job.Job;
import dev.actorfactory.factory.worker.Worker;
import dev.actorfactory.spring.FactoryWorker;

/**
 * Prices a quote with CPU work: a small Monte Carlo estimate of the customer's risk (deterministic per customer),
 * applied as a surcharge. Round-robin routing spreads quotes over the workers.
 */
@FactoryWorker("pricing")
class PricingWorker implements Worker<String, QuoteRequest, Quote> {

    private static final int SIMULATIONS = 20_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final int id = INSTANCES.incrementAndGet();

    @Override
    public Quote handle(Job<String, QuoteRequest> job) {
        BigDecimal amount = job.message().amount();
        SplittableRandom random = new SplittableRandom(job.key().hashCode());
        int losses = 0;
        for (int i = 0; i < SIMULATIONS; i++) {
            if (random.nextDouble() < 0.05 + 0.05 * random.nextDouble()) {
                losses++;
            }
        }
        BigDecimal risk = BigDecimal.valueOf(losses).divide(BigDecimal.valueOf(SIMULATIONS), 6, RoundingMode.HALF_UP);
        BigDecimal price = amount.multiply(BigDecimal.ONE.add(risk)).setScale(2, RoundingMode.HALF_UP);
        return new Quote(job.key(), amount, price, id);
    }
}
