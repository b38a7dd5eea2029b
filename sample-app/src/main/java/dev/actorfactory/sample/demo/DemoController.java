package dev.actorfactory.sample.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.actorfactory.sample.orders.OrderPlacement;

/**
 * {@code POST /demo/load?orders=20000&customers=200}: places many random orders at once, so queues grow, shed and
 * drain visibly in {@code /actuator/factories}, {@code /notifications} and the metrics. An operation: it needs an
 * authenticated user (viewer or admin), and places at most 100,000 orders a request.
 */
@RestController
class DemoController {

    /** The most orders one request may place: a bigger load is several requests, each one bounded. */
    private static final int MAX_ORDERS = 100_000;

    private final OrderPlacement orders;

    DemoController(OrderPlacement orders) {
        this.orders = orders;
    }

    @PostMapping("/demo/load")
    ResponseEntity<Map<String, Object>> load(@RequestParam(defaultValue = "20000") int orders,
            @RequestParam(defaultValue = "200") int customers) {
        if (orders < 1 || orders > MAX_ORDERS || customers < 1) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "orders must be 1.." + MAX_ORDERS + " and customers at least 1"));
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long accepted = 0;
        Map<String, Long> refused = new TreeMap<>();
        for (int i = 0; i < orders; i++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextDouble(1, 2000)).setScale(2, RoundingMode.HALF_UP);
            OrderPlacement.Placement placement = this.orders.place("customer-" + random.nextInt(customers), amount);
            if (placement.accepted()) {
                accepted++;
            } else {
                refused.merge(String.valueOf(placement.reason()), 1L, Long::sum);
            }
        }
        return ResponseEntity.accepted().body(Map.of("accepted", accepted, "refused", refused));
    }
}
