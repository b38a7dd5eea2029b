package dev.actorfactory.factory.worker;

import java.time.Duration;

import dev.actorfactory.internal.Arguments;

/**
 * Detects stuck workers: a worker busy on one job for longer than {@code timeout} is reported (log with the job
 * key, statistics), and with {@code kill} its thread is interrupted, its job fails or is retried per policy, and
 * a fresh worker instance takes over its queue at once.
 *
 * @param timeout how long one job may run before its worker counts as stuck
 * @param kill    whether to kill and replace a stuck worker (else only report it)
 */
public record DeadMansSwitch(Duration timeout, boolean kill) {

    /** Validates the arguments. */
    public DeadMansSwitch {
        Arguments.positive(timeout, "timeout");
    }
}
