package dev.actorfactory.factory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

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
 * <p>Threads: any, lock-free: the ring is an array of slots claimed by a counter, the log budget one atomic word.
 * The ring keeps the last failures' keys and errors (at most its capacity of them) and renders them when read; a
 * read racing with writes may miss the failure being written.
 */
final class FailureReports<K, M> {

    private static final Logger log = LoggerFactory.getLogger(FailureReports.class);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** A failure as recorded: the error is rendered into a {@link FailureRecord} only when someone reads it. */
    private record Entry(long jobId, Object key, int attempt, Throwable error, long atMillis) {
    }

    private final String name;
    private final KeyDisclosure keys;
    private final @Nullable FailureHandler<? super K, ? super M> handler;
    private final AtomicReferenceArray<Entry> ring;
    /** Failures recorded so far; failure n goes to slot n modulo the ring's length. */
    private final AtomicLong recorded = new AtomicLong();
    private final int linesPerMinute;
    /** Between two log lines at the allowed rate. */
    private final long interval;
    /**
     * The log budget as a generic cell rate algorithm (a token bucket in one word): the theoretical time at which
     * the next line is due; a line may be written while {@code due - now <= burst} (a burst of
     * {@code linesPerMinute} lines, then one every {@link #interval}). One volatile read and a striped increment
     * when a line is suppressed; a CAS when one is written.
     */
    private final AtomicLong due = new AtomicLong(Long.MIN_VALUE);
    /** Lines suppressed since the last one written (a striped count: a crash loop on many workers adds to it). */
    private final LongAdder suppressed = new LongAdder();

    FailureReports(String name, KeyDisclosure keys, @Nullable FailureHandler<? super K, ? super M> handler,
            int ringCapacity, int linesPerMinute) {
        this.name = name;
        this.keys = keys;
        this.handler = handler;
        this.ring = new AtomicReferenceArray<>(ringCapacity);
        this.linesPerMinute = linesPerMinute;
        this.interval = linesPerMinute == 0 ? Long.MAX_VALUE : MINUTE / linesPerMinute;
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
        if (log.isDebugEnabled()) {
            log.debug("Factory '{}': worker {} failure on job {}", name, workerId, job.id, error);
        }
    }

    /** The recent failures, newest first (rendered now: a crash loop pays no stack-trace formatting). */
    List<FailureRecord> recent() {
        int capacity = ring.length();
        long last = recorded.get();
        List<FailureRecord> records = new ArrayList<>();
        for (long n = last - 1; n >= 0 && n >= last - capacity; n--) {
            Entry entry = ring.get((int) (n % capacity));
            if (entry != null) { // (a slot being written right now may still hold an older failure, or none)
                records.add(new FailureRecord(entry.jobId(), keys.show(entry.key()), entry.attempt(),
                        entry.error().getClass().getName(), entry.error().getMessage(), stackTraceOf(entry.error()),
                        Instant.ofEpochMilli(entry.atMillis())));
            }
        }
        return records;
    }

    private void record(JobRecord<K, M, ?> job, Throwable error) {
        int capacity = ring.length();
        if (capacity == 0) {
            return;
        }
        long n = recorded.getAndIncrement();
        ring.set((int) (n % capacity), new Entry(job.id, job.key, job.attempt, error, System.currentTimeMillis()));
    }

    /** A token for one log line: the number of lines suppressed before it (≥ 0), or -1 if this one is too. */
    private long takeLogToken() {
        if (linesPerMinute == 0) {
            return -1;
        }
        long now = System.nanoTime();
        long burst = interval * (linesPerMinute - 1);
        while (true) {
            long current = due.get();
            long next = current == Long.MIN_VALUE || current - now < 0 ? now : current;
            if (next - now > burst) {
                suppressed.increment();
                return -1;
            }
            if (due.compareAndSet(current, next + interval)) {
                return suppressed.sumThenReset();
            }
        }
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
