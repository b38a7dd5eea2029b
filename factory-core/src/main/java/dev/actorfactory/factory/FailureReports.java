package dev.actorfactory.factory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.factory.failure.FailureHandler;
import dev.actorfactory.factory.failure.FailureRecord;
import dev.actorfactory.factory.failure.KeyDisclosure;
import dev.actorfactory.factory.job.Job;

/**
 * What the factory tells about failures: the failure handler, the ring of recent failures, and the WARN lines for
 * failed and crashing jobs, rate-limited so that a crash loop cannot flood the log (a token bucket of
 * {@code failureLogRate} lines a minute; a line that follows suppressed ones says how many were suppressed). Keys
 * appear as the factory's {@link KeyDisclosure} says, in the records and in every log line of the engine.
 *
 * <p>Threads: any. The ring and the bucket are guarded by this object's lock, held for a few field updates (never
 * while logging, rendering or calling the handler). The ring keeps the last failures' keys and errors (at most its
 * capacity of them) and renders them when read.
 */
final class FailureReports<K, M> {

    private static final Logger log = LoggerFactory.getLogger(FailureReports.class);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final KeyDisclosure keys;
    private final @Nullable FailureHandler<? super K, ? super M> handler;
    /** A failure as recorded: the error is rendered into a {@link FailureRecord} only when someone reads it. */
    private record Entry(long jobId, Object key, int attempt, Throwable error, Instant at) {
    }

    private final Entry[] ring;
    private final int linesPerMinute;
    // guarded by this
    private long recorded;
    private double tokens;
    private long refilledAt;
    private long suppressed;

    FailureReports(String name, KeyDisclosure keys, @Nullable FailureHandler<? super K, ? super M> handler,
            int ringCapacity, int linesPerMinute) {
        this.name = name;
        this.keys = keys;
        this.handler = handler;
        this.ring = new Entry[ringCapacity];
        this.linesPerMinute = linesPerMinute;
        this.tokens = linesPerMinute;
        this.refilledAt = System.nanoTime();
    }

    /** The key as the factory shows it in logs and records. */
    String show(Object key) {
        return keys.show(key);
    }

    /** A job failed for good: record it, log it (with its stack trace, within the budget), tell the handler. */
    void failed(JobRecord<K, M, ?> job, Throwable error) {
        record(job, error);
        long skipped = takeLogToken();
        if (skipped >= 0) {
            log.warn("Factory '{}': job {} failed on key {} (attempt {}): {}{}", name, job.id, keys.show(job.key),
                    job.attempt, error.toString(), suppressedNote(skipped), error);
        } else if (log.isDebugEnabled()) {
            log.debug("Factory '{}': job {} failed on key {} (attempt {})", name, job.id, keys.show(job.key),
                    job.attempt, error);
        }
        FailureHandler<? super K, ? super M> target = handler;
        if (target != null) {
            try {
                invoke(target, job, error);
            } catch (RuntimeException handlerError) {
                log.warn("Failure handler of factory '{}' failed for job {}", name, job.id, handlerError);
            }
        }
    }

    /** A worker threw on a job that will be retried: one line (no stack trace: that is at DEBUG), within budget. */
    void retrying(int workerId, JobRecord<K, M, ?> job, Throwable error, boolean crashed) {
        long skipped = takeLogToken();
        if (skipped >= 0) {
            log.warn("Factory '{}': worker {} {} job {} on key {} (attempt {}): {}; {}retrying{}", name, workerId,
                    crashed ? "failed" : "was killed on", job.id, keys.show(job.key), job.attempt, error.toString(),
                    crashed ? "replaced the worker instance, " : "", suppressedNote(skipped));
        }
        log.debug("Factory '{}': worker {} failure on job {}", name, workerId, job.id, error);
    }

    /** The recent failures, newest first (rendered now: a crash loop pays no stack-trace formatting). */
    List<FailureRecord> recent() {
        List<Entry> newestFirst = new ArrayList<>();
        synchronized (this) {
            int size = (int) Math.min(recorded, ring.length);
            for (int i = 1; i <= size; i++) {
                newestFirst.add(ring[(int) ((recorded - i) % ring.length)]);
            }
        }
        List<FailureRecord> records = new ArrayList<>(newestFirst.size());
        for (Entry entry : newestFirst) {
            records.add(new FailureRecord(entry.jobId(), keys.show(entry.key()), entry.attempt(),
                    entry.error().getClass().getName(), entry.error().getMessage(), stackTraceOf(entry.error()),
                    entry.at()));
        }
        return records;
    }

    private void record(JobRecord<K, M, ?> job, Throwable error) {
        if (ring.length == 0) {
            return;
        }
        Entry entry = new Entry(job.id, job.key, job.attempt, error, Instant.now());
        synchronized (this) {
            ring[(int) (recorded % ring.length)] = entry;
            recorded++;
        }
    }

    /** A token for one log line: the number of lines suppressed before it (≥ 0), or -1 if this one is too. */
    private synchronized long takeLogToken() {
        if (linesPerMinute == 0) {
            return -1;
        }
        long now = System.nanoTime();
        tokens = Math.min(linesPerMinute, tokens + (double) (now - refilledAt) * linesPerMinute / MINUTE);
        refilledAt = now;
        if (tokens < 1) {
            suppressed++;
            return -1;
        }
        tokens -= 1;
        long skipped = suppressed;
        suppressed = 0;
        return skipped;
    }

    private static String suppressedNote(long skipped) {
        return skipped == 0 ? "" : " (" + skipped + " earlier failure messages were not logged: at most the "
                + "factory's failure-log-rate a minute)";
    }

    private static String stackTraceOf(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String trace = text.toString();
        return trace.length() <= FailureRecord.MAX_STACK_TRACE ? trace
                : trace.substring(0, FailureRecord.MAX_STACK_TRACE - 4) + "\n...";
    }

    @SuppressWarnings("unchecked")
    private static <K, M> void invoke(FailureHandler<? super K, ? super M> handler, JobRecord<K, M, ?> job,
            Throwable error) {
        ((FailureHandler<K, M>) handler).onFailure((Job<K, M>) job, error);
    }
}
