package dev.actorfactory.sample.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/** The body of {@code POST /quotes}: who asks, and for how much. */
public record QuoteRequest(@Nullable String customerId, @Nullable BigDecimal amount) {
}
