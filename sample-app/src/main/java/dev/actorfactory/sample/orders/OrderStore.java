package dev.actorfactory.sample.orders;

import java.math.BigDecimal;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders and customer balances in the database. Thread-safe; {@link #apply} is called by {@code orders} workers,
 * one customer at a time thanks to key-persistent routing.
 */
@Repository
public class OrderStore {

    private final JdbcClient jdbc;

    OrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new order as QUEUED. */
    public void insertQueued(String orderId, String customerId, BigDecimal amount) {
        jdbc.sql("INSERT INTO orders (id, customer_id, amount, status) VALUES (?, ?, ?, 'QUEUED')")
                .params(orderId, customerId, amount).update();
    }

    /** Adds the order to its customer's balance and marks it APPLIED; returns its position for the customer. */
    @Transactional
    public int apply(String orderId, String customerId, BigDecimal amount) {
        int updated = jdbc.sql("UPDATE customers SET balance = balance + ?, applied_orders = applied_orders + 1 "
                + "WHERE id = ?").params(amount, customerId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO customers (id, balance, applied_orders) VALUES (?, ?, 1)")
                    .params(customerId, amount).update();
        }
        int seq = jdbc.sql("SELECT applied_orders FROM customers WHERE id = ?").param(customerId)
                .query(Integer.class).single();
        jdbc.sql("UPDATE orders SET status = 'APPLIED', customer_seq = ? WHERE id = ?").params(seq, orderId).update();
        return seq;
    }

    /** Marks an order DISCARDED with the reason. */
    public void markDiscarded(String orderId, String reason) {
        jdbc.sql("UPDATE orders SET status = 'DISCARDED', discard_reason = ? WHERE id = ?")
                .params(reason, orderId).update();
    }

    /** The order with this id, if any. */
    public Optional<OrderView> find(String orderId) {
        return jdbc.sql("SELECT id, customer_id, amount, status, discard_reason, customer_seq FROM orders WHERE id = ?")
                .param(orderId)
                .query((rs, row) -> new OrderView(rs.getString(1), rs.getString(2), rs.getBigDecimal(3),
                        rs.getString(4), rs.getString(5), (Integer) rs.getObject(6)))
                .optional();
    }

    /** The customer with this id, if any order of theirs was applied. */
    public Optional<CustomerView> customer(String customerId) {
        return jdbc.sql("SELECT id, balance, applied_orders FROM customers WHERE id = ?").param(customerId)
                .query((rs, row) -> new CustomerView(rs.getString(1), rs.getBigDecimal(2), rs.getInt(3)))
                .optional();
    }
}
