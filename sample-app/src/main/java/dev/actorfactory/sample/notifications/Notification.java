package dev.actorfactory.sample.notifications;

/** A message for the notification gateway; {@code priority} is {@link #LOW}, {@link #NORMAL} or {@link #HIGH}. */
public record Notification(String orderId, String text, int priority) {

    /** Sent last, shed first. */
    public static final int LOW = 0;
    /** The usual priority. */
    public static final int NORMAL = 1;
    /** Large orders: sent first, shed last. */
    public static final int HIGH = 2;
}
