package dev.actorfactory.sample.orders;

import java.math.BigDecimal;

/** The message of an {@code orders} job (its key is the customer id). */
public record PlaceOrder(String orderId, BigDecimal amount) {
}
