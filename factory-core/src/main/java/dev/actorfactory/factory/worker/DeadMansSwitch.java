package dev.actorfactory.factory.worker;

import java.time.Duration;

import dev.actorfactory.internal.Arguments;

/**
 * Detects stuck workers: a worker busy on one job for longer than {@code timeout} is reported (log with the job
 * key, statistics), and with {@code kill} its thread is interrupted, its job fails or is retried per policy, and
 * a fresh worker instance takes over its queue at once.
 *
 * <p>The JVM cannot stop a thread: a killed worker whose code does not react to interruption keeps running on its
 * old thread. Under key-ordered routing the killed job's key therefore waits — its next job (or its retry) starts
 * only once the killed attempt has left the worker, or {@code grace} after the kill at the latest, which is logged
 * and reported ({@code FactoryStatsListener.onKillGraceExceeded}); other keys keep flowing meanwhile.
 *
 * @param timeout how long one job may run before its worker counts as stuck
 * @param kill    whether to kill and replace a stuck worker (else only report it)
 * @param grace   how long, under key-ordered routing, the key of a killed job waits for the killed attempt to
 *                leave the worker
 */
public record DeadMansSwitch(Duration timeout, boolean kill, Duration grace) {

    /** Validates the arguments. */
    public DeadMansSwitch {
        Arguments.positive(timeout, "timeout");
        Arguments.notNegative(grace, "grace");
    }

    /** A dead man's switch whose kill grace equals its {@code timeout}. */
    public DeadMansSwitch(Duration timeout, boolean kill) {
        this(timeout, kill, Arguments.positive(timeout, "timeout"));
    }

    /** This switch with another kill grace. */
    public DeadMansSwitch withGrace(Duration grace) {
        return new DeadMansSwitch(timeout, kill, grace);
    }
}
