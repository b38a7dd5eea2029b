package dev.actorfactory.sample.pricing;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.validation.Valid;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.actorfactory.factory.FactoryRef;

/** {@code POST /quotes}: prices a quote synchronously through {@code call} on the {@code pricing} factory. */
@RestController
class QuoteController {

    private final FactoryRef<String, QuoteRequest, Quote> pricing;

    QuoteController(@Qualifier("pricing") FactoryRef<String, QuoteRequest, Quote> pricing) {
        this.pricing = pricing;
    }

    @PostMapping("/quotes")
    ResponseEntity<?> quote(@Valid @RequestBody QuoteRequest request) throws InterruptedException {
        try {
            return ResponseEntity.ok(pricing.call(request.customerId(), request).get(5, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException unavailable) {
            Throwable cause = unavailable.getCause() != null ? unavailable.getCause() : unavailable;
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "pricing unavailable: " + cause.getMessage()));
        }
    }
}
