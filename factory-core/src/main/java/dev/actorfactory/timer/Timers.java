package dev.actorfactory.timer;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.actor.ActorLifecycleListener;
import dev.actorfactory.actor.ActorRef;
import dev.actorfactory.actor.ActorStoppedException;
import dev.actorfactory.actor.ExitReason;
import dev.actorfactory.internal.Arguments;

/**
 * Timers bound to an actor, as in ractor: send a message after a delay or at an interval, stop or kill the actor
 * after a delay. Every timer is cancellable, and nothing fires after its actor has stopped: a timer checks that
 * its actor is alive before it acts, and all of an actor's timers are cancelled when it terminates.
 *
 * <p>Threads: all methods may be called from any thread. Timers run on the system's scheduler thread; the
 * message suppliers of {@link #sendInterval} run there too and must be quick.
 */
public final class Timers implements ActorLifecycleListener {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<ActorRef<?>, Set<Timer>> byActor = new ConcurrentHashMap<>();

    /** Creates timers running on {@code scheduler}; each {@code ActorSystem} has one. */
    public Timers(ScheduledExecutorService scheduler) {
        this.scheduler = Arguments.notNull(scheduler, "scheduler");
    }

    /**
     * Sends {@code message} to {@code target} after {@code delay}, unless cancelled or the target stopped.
     *
     * @throws ActorStoppedException if the target is not alive
     */
    public <M> Cancellable sendAfter(ActorRef<M> target, Duration delay, M message) {
        Arguments.notNull(message, "message");
        return schedule(target, delay, null, actor -> actor.tell(message));
    }

    /**
     * Sends a message made by {@code message} to {@code target} every {@code period} (first after one period)
     * until cancelled or the target stops.
     *
     * @throws ActorStoppedException if the target is not alive
     */
    public <M> Cancellable sendInterval(ActorRef<M> target, Duration period, Supplier<? extends M> message) {
        Arguments.notNull(message, "message");
        Arguments.positive(period, "period");
        return schedule(target, period, period, actor -> actor.tell(Arguments.notNull(message.get(),
                "the message supplied to sendInterval")));
    }

    /**
     * Stops {@code target} gracefully with {@code reason} after {@code delay}.
     *
     * @throws ActorStoppedException if the target is not alive
     */
    public Cancellable stopAfter(ActorRef<?> target, Duration delay, @Nullable String reason) {
        return schedule(target, delay, null, actor -> actor.stop(reason));
    }

    /**
     * Kills {@code target} after {@code delay}.
     *
     * @throws ActorStoppedException if the target is not alive
     */
    public Cancellable killAfter(ActorRef<?> target, Duration delay) {
        return schedule(target, delay, null, ActorRef::kill);
    }

    /** The number of pending timers of {@code actor}. */
    public int pending(ActorRef<?> actor) {
        Set<Timer> timers = byActor.get(Arguments.notNull(actor, "actor"));
        return timers == null ? 0 : timers.size();
    }

    /** Cancels every timer of a terminated actor. Called by the actor system. */
    @Override
    public void onTerminated(ActorRef<?> actor, ExitReason reason) {
        Set<Timer> timers = byActor.remove(actor);
        if (timers != null) {
            for (Timer timer : timers) {
                timer.cancel();
            }
        }
    }

    private <A extends ActorRef<?>> Cancellable schedule(A target, Duration delay, @Nullable Duration period,
            Consumer<A> action) {
        Arguments.notNull(target, "target");
        Arguments.notNegative(delay, "delay");
        if (!target.isAlive()) {
            throw new ActorStoppedException(target, "Cannot set a timer on " + target + ": it is not alive");
        }
        Timer timer = new Timer(target, period != null, () -> action.accept(target));
        byActor.compute(target, (key, timers) -> {
            Set<Timer> set = timers == null ? ConcurrentHashMap.newKeySet() : timers;
            set.add(timer); // inside compute: atomic with forget() removing an emptied set
            return set;
        });
        long delayNanos = Arguments.saturatedNanos(delay);
        try {
            timer.future = period == null
                    ? scheduler.schedule(timer, delayNanos, TimeUnit.NANOSECONDS)
                    : scheduler.scheduleAtFixedRate(timer, delayNanos, Arguments.saturatedNanos(period),
                            TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            forget(timer);
            throw new ActorStoppedException(target, "Cannot set a timer on " + target
                    + ": its actor system is shut down");
        }
        if (timer.isCancelled()) { // cancelled before the future was published: cancel the scheduled task too
            timer.future.cancel(false);
        }
        if (!target.isAlive()) { // terminated while we registered: its clean-up may have missed this timer
            timer.cancel();
        }
        return timer;
    }

    private void forget(Timer timer) {
        byActor.computeIfPresent(timer.target, (key, timers) -> {
            timers.remove(timer);
            return timers.isEmpty() ? null : timers;
        });
    }

    /** One scheduled timer. States: 0 pending, 1 finished (one-shot fired), 2 cancelled. */
    private final class Timer implements Cancellable, Runnable {
        private final ActorRef<?> target;
        private final boolean repeating;
        private final Runnable action;
        private final AtomicInteger state = new AtomicInteger();
        volatile @Nullable ScheduledFuture<?> future;

        Timer(ActorRef<?> target, boolean repeating, Runnable action) {
            this.target = target;
            this.repeating = repeating;
            this.action = action;
        }

        @Override
        public void run() {
            if (state.get() != 0) {
                return;
            }
            if (!target.isAlive()) {
                cancel();
                return;
            }
            if (!repeating && !state.compareAndSet(0, 1)) {
                return;
            }
            try {
                action.run();
            } catch (RuntimeException error) {
                log.warn("Timer for {} failed; cancelling it", target, error);
                cancel();
            }
            if (!repeating) {
                forget(this);
            }
        }

        @Override
        public boolean cancel() {
            if (!state.compareAndSet(0, 2)) {
                return false;
            }
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            forget(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return state.get() == 2;
        }
    }
}
