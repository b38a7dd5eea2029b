package dev.actorfactory.sample.orders;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.actorfactory.factory.DispatchResult;
import dev.actorfactory.factory.FactoryRef;

/** Places orders: records them as QUEUED and submits them to the {@code orders} factory, keyed by customer. */
@Service
public class OrderPlacement {

    /** The outcome of placing an order: accepted, or refused with the factory's discard reason. */
    public record Placement(String orderId, boolean accepted, @Nullable String reason) {
    }

    private final OrderStore store;
    private final FactoryRef<String, PlaceOrder, Integer> orders;

    OrderPlacement(OrderStore store, @Qualifier("orders") FactoryRef<String, PlaceOrder, Integer> orders) {
        this.store = store;
        this.orders = orders;
    }

    /**
     * Places one order; thread-safe. The order row and the job are one transaction: the {@code orders} factory is
     * configured with {@code dispatch-after-commit}, so its worker never looks for an order that is not committed,
     * and a rolled-back placement never runs. A job shed when it is routed at the commit is marked DISCARDED by the
     * factory's discard handler.
     */
    @Transactional
    public Placement place(String customerId, BigDecimal amount) {
        String id = UUID.randomUUID().toString();
        store.insertQueued(id, customerId, amount);
        DispatchResult result = orders.dispatch(customerId, new PlaceOrder(id, amount));
        if (result.isAccepted()) {
            return new Placement(id, true, null);
        }
        String reason = result.reason() == null ? "rejected" : result.reason().tagValue();
        store.markDiscarded(id, reason);
        return new Placement(id, false, reason);
    }
}
