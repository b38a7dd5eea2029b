package dev.actorfactory.sample.pricing;

import java.math.BigDecimal;

/** A priced quote: the amount asked, the risk-adjusted price, and which pricing worker computed it. */
public record Quote(String customerId, BigDecimal amount, BigDecimal price, int worker) {
}
