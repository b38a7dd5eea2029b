package dev.actorfactory.sample.orders;

import java.math.BigDecimal;

/** A customer's balance and the number of orders applied to it. */
public record CustomerView(String id, BigDecimal balance, int appliedOrders) {
}
