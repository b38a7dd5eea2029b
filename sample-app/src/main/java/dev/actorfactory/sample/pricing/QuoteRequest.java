package dev.actorfactory.sample.pricing;

import java.math.BigDecimal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** The body of {@code POST /quotes}: who asks, and for how much (invalid bodies are answered 400). */
public record QuoteRequest(@NotBlank String customerId, @NotNull @Positive BigDecimal amount) {
}
