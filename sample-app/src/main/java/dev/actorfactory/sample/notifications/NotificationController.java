package dev.actorfactory.sample.notifications;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /notifications}: sent and discarded counts. */
@RestController
class NotificationController {

    private final NotificationLog notificationLog;

    NotificationController(NotificationLog notificationLog) {
        this.notificationLog = notificationLog;
    }

    @GetMapping("/notifications")
    Map<String, Object> notifications() {
        return Map.of("sent", notificationLog.sentCount(), "discarded", notificationLog.discardedByReason());
    }
}
