package dev.actorfactory.sample.orders;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * An order as stored: {@code status} is QUEUED, APPLIED or DISCARDED; {@code customerSeq} is the position in which
 * it was applied to its customer's balance (1, 2, ...).
 */
public record OrderView(String id, String customerId, BigDecimal amount, String status,
        @Nullable String discardReason, @Nullable Integer customerSeq) {
}
