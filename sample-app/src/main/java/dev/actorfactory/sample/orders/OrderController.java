package dev.actorfactory.sample.orders;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders}, {@code GET /orders/{id}}, {@code GET /customers/{id}}. */
@RestController
class OrderController {

    /** The body of {@code POST /orders}; invalid bodies are answered 400 by Bean Validation. */
    record OrderRequest(@NotBlank String customerId, @NotNull @Positive BigDecimal amount) {
    }

    private final OrderPlacement orders;
    private final OrderStore store;

    OrderController(OrderPlacement orders, OrderStore store) {
        this.orders = orders;
        this.store = store;
    }

    @PostMapping("/orders")
    ResponseEntity<Map<String, Object>> place(@Valid @RequestBody OrderRequest request) {
        OrderPlacement.Placement placement = orders.place(request.customerId(), request.amount());
        if (!placement.accepted()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("id", placement.orderId(), "error", "order refused: " + placement.reason()));
        }
        return ResponseEntity.accepted().body(Map.of("id", placement.orderId()));
    }

    @GetMapping("/orders/{id}")
    ResponseEntity<OrderView> order(@PathVariable String id) {
        return ResponseEntity.of(store.find(id));
    }

    @GetMapping("/customers/{id}")
    ResponseEntity<CustomerView> customer(@PathVariable String id) {
        return ResponseEntity.of(store.customer(id));
    }
}
