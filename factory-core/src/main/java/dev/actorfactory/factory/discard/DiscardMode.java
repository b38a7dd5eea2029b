package dev.actorfactory.factory.discard;

/** Which job load shedding drops when a queue is at its limit; always from the lowest priority level first. */
public enum DiscardMode {
    /** Drop the oldest queued job (of the lowest level) to make room for the new one. */
    OLDEST,
    /** Drop the newest job: the incoming one, unless it outranks the lowest queued level. */
    NEWEST
}
