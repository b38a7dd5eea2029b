package dev.actorfactory.actor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.actorfactory.actor.dispatch.Dispatchable;
import dev.actorfactory.actor.dispatch.Dispatcher;
import dev.actorfactory.internal.Arguments;
import dev.actorfactory.internal.MpscLinkedQueue;
import dev.actorfactory.internal.MpscNode;

/**
 * The runtime body of one actor: its mailbox, its state and its run loop. It is at the same time the actor's
 * {@link ActorRef}, its {@link ActorContext}, and the task its dispatcher runs, so an idle actor is this one
 * object, its (empty) mailbox and a termination future.
 *
 * <h2>Concurrency design</h2>
 * <ul>
 *   <li><b>Mailbox</b>: the shared {@link MpscLinkedQueue} (Vyukov's intrusive multi-producer/single-consumer
 *       linked queue): senders offer wait-free, only the holder of the consumer lock polls. An idle mailbox is
 *       one object (the queue is its own stub); each message costs one {@link Letter}.</li>
 *   <li><b>The SCHEDULED bit is the consumer lock.</b> Whoever sets it in {@link #status} (a sender, a signaller
 *       or the spawner) owns the mailbox and the state until it clears it, and either runs the loop or hands the
 *       cell to the dispatcher, which transfers ownership with a happens-before edge. Hence one thread at a time
 *       runs hooks, and each hook sees every write of the previous one.</li>
 *   <li><b>No lost wake-up</b>: a sender offers (its swap of the mailbox's tail is a full fence) and then reads
 *       {@code status}; the consumer clears SCHEDULED (a full fence) and then asks the mailbox whether it is
 *       empty (a volatile read of that tail). At least one of them sees the other's write, so a queued message is
 *       always followed by a scheduling.</li>
 *   <li><b>Channels</b>: kill and stop are bits in {@code status}, checked before every message; supervision
 *       events sit in a separate queue drained before user messages.</li>
 *   <li><b>Termination</b>: the TERMINATED bit closes the mailbox; later sends go straight to dead letters, and
 *       the few that raced with it are drained to dead letters by whoever next holds the lock.</li>
 *   <li><b>Kill interrupts</b> only the thread currently running this actor's batch: the runner publishes
 *       itself in {@link #runner}, a killer claims it by CAS before interrupting, and the runner waits for the
 *       claim to end before clearing its interrupt flag, so no interrupt leaks to another actor.</li>
 * </ul>
 * No lock is held while user code runs.
 */
final class ActorCell<M, S extends @Nullable Object> extends Dispatchable implements ActorRef<M>, ActorContext<M> {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ActorCell.class);

    static final int SCHEDULED = 1;
    static final int STARTED = 1 << 1;
    static final int STOP = 1 << 2;
    static final int KILL = 1 << 3;
    static final int TERMINATED = 1 << 4;

    private static final Object INTERRUPTING = new Object();

    private static final VarHandle STATUS;
    private static final VarHandle RUNNER;
    private static final VarHandle STOP_REASON;
    private static final VarHandle SYSTEM_QUEUE;
    private static final VarHandle CHILDREN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATUS = lookup.findVarHandle(ActorCell.class, "status", int.class);
            RUNNER = lookup.findVarHandle(ActorCell.class, "runner", Object.class);
            STOP_REASON = lookup.findVarHandle(ActorCell.class, "stopReason", String.class);
            SYSTEM_QUEUE = lookup.findVarHandle(ActorCell.class, "systemQueue", ConcurrentLinkedQueue.class);
            CHILDREN = lookup.findVarHandle(ActorCell.class, "children", Set.class);
        } catch (ReflectiveOperationException error) {
            throw new ExceptionInInitializerError(error);
        }
    }

    private final transient ActorSystem system;
    private final long id;
    private final @Nullable String name;
    private final transient Actor<M, S> actor;
    private final transient Dispatcher dispatcher;
    private final transient @Nullable ActorCell<?, ?> supervisor;
    private final transient CompletableFuture<ExitReason> termination = new CompletableFuture<>();

    private volatile int status = SCHEDULED; // the spawner holds the consumer lock until the actor is started
    private final transient MpscLinkedQueue<Letter> mailbox = new MpscLinkedQueue<>();
    private transient @Nullable S state; // consumer only
    private transient boolean postStarted; // consumer only
    private volatile @Nullable String stopReason;
    private transient volatile @Nullable ExitReason exitReason;
    private transient volatile @Nullable Object runner;
    private transient volatile @Nullable ConcurrentLinkedQueue<SupervisionEvent> systemQueue;
    private transient volatile @Nullable Set<ActorCell<?, ?>> children;

    ActorCell(ActorSystem system, long id, @Nullable String name, Actor<M, S> actor, Dispatcher dispatcher,
            @Nullable ActorCell<?, ?> supervisor) {
        this.system = system;
        this.id = id;
        this.name = name;
        this.actor = actor;
        this.dispatcher = dispatcher;
        this.supervisor = supervisor;
    }

    // ------------------------------------------------------------------ ActorRef

    @Override
    public long id() {
        return id;
    }

    @Override
    public @Nullable String name() {
        return name;
    }

    @Override
    public void tell(M message) {
        deliver(Arguments.notNull(message, "message"));
    }

    @Override
    public <R> CompletableFuture<R> ask(Function<? super ReplyTo<R>, ? extends M> request, Duration timeout) {
        Arguments.notNull(request, "request");
        Arguments.positive(timeout, "timeout");
        AskEnvelope<R> envelope = new AskEnvelope<>();
        envelope.message = Arguments.notNull(request.apply(envelope), "the message built by request");
        if ((status & TERMINATED) != 0 || !envelope.startTimeout(system.scheduler(), this, timeout)) {
            deadLetter(envelope); // fails the future at once
            return envelope;
        }
        deliver(envelope);
        return envelope;
    }

    @Override
    public void stop(@Nullable String reason) {
        STOP_REASON.compareAndSet(this, null, reason == null ? "stopped" : reason);
        signal(STOP);
    }

    @Override
    public void kill() {
        signal(KILL);
        if ((status & TERMINATED) != 0) {
            return; // already cleaning up: do not interrupt postStop
        }
        Object current = runner;
        if (current instanceof Thread thread && RUNNER.compareAndSet(this, thread, INTERRUPTING)) {
            try {
                thread.interrupt();
            } finally {
                runner = null;
            }
        }
    }

    @Override
    public CompletableFuture<ExitReason> whenTerminated() {
        return termination.copy();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Arguments.notNegative(timeout, "timeout");
        try {
            termination.get(Arguments.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException notYet) {
            return false;
        } catch (ExecutionException impossible) {
            return true;
        }
    }

    @Override
    public ActorStatus status() {
        int s = status;
        if (termination.isDone()) {
            return ActorStatus.STOPPED;
        }
        if ((s & (STOP | KILL | TERMINATED)) != 0) {
            return ActorStatus.STOPPING;
        }
        return (s & STARTED) == 0 ? ActorStatus.STARTING : ActorStatus.RUNNING;
    }

    @Override
    public String toString() {
        return name == null ? "Actor[#" + id + "]" : "Actor[#" + id + " '" + name + "']";
    }

    // ------------------------------------------------------------------ ActorContext

    @Override
    public ActorRef<M> self() {
        return this;
    }

    @Override
    public ActorSystem system() {
        return system;
    }

    @Override
    public <C, T extends @Nullable Object> ActorRef<C> spawnChild(Actor<C, T> child, SpawnOptions options) {
        Arguments.notNull(options, "options");
        return system.spawn(child, options.withSupervisor(this));
    }

    @Override
    public Set<ActorRef<?>> children() {
        Set<ActorCell<?, ?>> current = children;
        return current == null ? Set.of() : Set.copyOf(current);
    }

    // ------------------------------------------------------------------ spawning (called by ActorSystem)

    /**
     * Links to the supervisor and runs {@code preStart} on the spawner's thread (which holds the consumer lock),
     * then hands the actor to its dispatcher. On failure, releases everything (name, live set, children) first.
     *
     * @throws SpawnException if preStart threw (its cause) or the supervisor is not alive
     * @throws IllegalStateException if the system is shut down
     */
    void start() {
        try {
            if (system.isShutdown()) {
                throw new IllegalStateException("Actor system '" + system.name() + "' is shut down; cannot spawn");
            }
            ActorCell<?, ?> parent = supervisor;
            if (parent != null && !parent.addChild(this)) {
                throw new SpawnException("Cannot link to supervisor " + parent + ": it is not alive", null);
            }
        } catch (RuntimeException rejected) {
            abortStart(rejected);
            throw rejected;
        }
        try {
            state = actor.preStart(this);
        } catch (Throwable error) {
            abortStart(error);
            throw new SpawnException("preStart of " + this + " failed: " + error, error);
        }
        STATUS.getAndBitwiseOr(this, STARTED);
        system.onSpawned(this);
        ActorCell<?, ?> parent = supervisor;
        if (parent != null) {
            parent.deliverSupervisionEvent(new SupervisionEvent.ActorStarted(this));
        }
        submit();
    }

    private void abortStart(Throwable cause) {
        finish(ExitReason.failed(cause), false);
        release();
    }

    // ------------------------------------------------------------------ delivery

    private void deliver(Object envelope) {
        if ((status & TERMINATED) != 0) {
            deadLetter(envelope);
            return;
        }
        mailbox.offer(new Letter(envelope));
        if ((status & SCHEDULED) == 0) {
            schedule();
        }
    }

    void deliverSupervisionEvent(SupervisionEvent event) {
        if ((status & TERMINATED) != 0) {
            log.debug("{} terminated before it could handle {}", this, event);
            return;
        }
        ConcurrentLinkedQueue<SupervisionEvent> queue = systemQueue;
        if (queue == null) {
            ConcurrentLinkedQueue<SupervisionEvent> created = new ConcurrentLinkedQueue<>();
            queue = SYSTEM_QUEUE.compareAndSet(this, null, created) ? created : systemQueue;
        }
        queue.add(event);
        schedule();
    }

    private void signal(int bit) {
        int previous = (int) STATUS.getAndBitwiseOr(this, bit);
        if ((previous & TERMINATED) == 0) {
            schedule();
        }
    }

    /** Takes the consumer lock if free, then runs the actor on its dispatcher (or drains it, if terminated). */
    private void schedule() {
        int previous = (int) STATUS.getAndBitwiseOr(this, SCHEDULED);
        if ((previous & SCHEDULED) != 0) {
            return;
        }
        if ((previous & TERMINATED) != 0) {
            drainTerminatedMailbox();
        } else {
            submit();
        }
    }

    private void submit() {
        try {
            dispatcher.dispatch(this);
        } catch (RejectedExecutionException rejected) {
            // the dispatcher is shut down: end the actor here without running its hooks on a stranger's thread
            log.warn("{} could not be scheduled on {} (shut down); terminating it without postStop", this,
                    dispatcher);
            STATUS.getAndBitwiseOr(this, KILL | TERMINATED);
            finish(ExitReason.failed(rejected), true);
            release();
        }
    }

    // ------------------------------------------------------------------ the run loop (consumer lock held)

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        runner = me;
        try {
            processBatch();
        } catch (Throwable unexpected) {
            log.error("{}: unexpected error in the run loop", this, unexpected);
        } finally {
            retireRunner(me);
            if ((status & KILL) != 0) {
                Thread.interrupted();
            }
            release();
        }
    }

    /** Stops {@code me} from being interruptible as this actor's runner, waiting out a killer's claim. */
    private void retireRunner(Thread me) {
        if (!RUNNER.compareAndSet(this, me, null)) {
            while (runner == INTERRUPTING) { // a killer is interrupting us; let it finish before clearing the flag
                Thread.onSpinWait();
            }
        }
    }

    private void processBatch() {
        if ((status & TERMINATED) != 0) {
            drainMailboxToDeadLetters();
            return;
        }
        int budget = dispatcher.throughput();
        while (true) {
            int s = status;
            if ((s & KILL) != 0) {
                terminate(ExitReason.killed());
                return;
            }
            if ((s & STOP) != 0) {
                terminate(ExitReason.stopped(stopReason));
                return;
            }
            if (!postStarted) {
                postStarted = true;
                if (!runHook(HookKind.POST_START, null)) {
                    return;
                }
                continue;
            }
            if (budget-- == 0) {
                return;
            }
            ConcurrentLinkedQueue<SupervisionEvent> events = systemQueue;
            SupervisionEvent event = events == null ? null : events.poll();
            if (event != null) {
                if (!runHook(HookKind.SUPERVISION, event)) {
                    return;
                }
                continue;
            }
            Object envelope = poll();
            if (envelope == null || !runHook(HookKind.HANDLE, envelope)) {
                return;
            }
        }
    }

    private enum HookKind { POST_START, SUPERVISION, HANDLE }

    /** Runs one hook; returns {@code false} if the actor terminated because of it. */
    @SuppressWarnings("unchecked")
    private boolean runHook(HookKind kind, @Nullable Object input) {
        AskEnvelope<?> ask = null;
        try {
            switch (kind) {
                case POST_START -> actor.postStart(this, state);
                case SUPERVISION -> actor.handleSupervisionEvent(this, (SupervisionEvent) input, state);
                case HANDLE -> {
                    Object message = input;
                    if (input instanceof AskEnvelope<?> envelope) {
                        ask = envelope;
                        message = envelope.message;
                    }
                    actor.handle(this, (M) message, state);
                }
            }
            return true;
        } catch (Throwable error) {
            if ((status & KILL) != 0) {
                if (ask != null) {
                    ask.fail(new ActorStoppedException(this, "Actor " + this + " was killed while handling the request"));
                }
                terminate(ExitReason.killed());
            } else {
                if (ask != null) {
                    ask.fail(error);
                }
                terminate(ExitReason.failed(error));
            }
            return false;
        }
    }

    /** Ends a started actor: postStop, then release. Runs once, on the actor's thread. */
    private void terminate(ExitReason reason) {
        ExitReason exit = reason;
        STATUS.getAndBitwiseOr(this, TERMINATED);
        retireRunner(Thread.currentThread()); // no kill may interrupt postStop from here on
        Thread.interrupted();
        try {
            actor.postStop(this, state);
        } catch (Throwable error) {
            if (reason.isAbnormal()) {
                log.warn("postStop of {} failed after it ended with '{}'", this, reason.description(), error);
            } else {
                exit = ExitReason.failed(error); // logged below as the actor's failure
            }
        }
        if (exit.kind() == ExitReason.Kind.FAILED) {
            if (supervisor == null) {
                log.warn("{} failed", this, exit.error());
            } else {
                log.debug("{} failed", this, exit.error());
            }
        }
        finish(exit, true);
    }

    /**
     * Common end of life: closes the mailbox, stops children, releases name/groups/timers, tells the supervisor,
     * drains undelivered messages and completes the termination future. Consumer lock held.
     */
    private void finish(ExitReason exit, boolean notifySupervisor) {
        STATUS.getAndBitwiseOr(this, TERMINATED);
        state = null;
        Set<ActorCell<?, ?>> kids = children;
        if (kids != null) {
            for (ActorCell<?, ?> child : kids) {
                if (exit.kind() == ExitReason.Kind.KILLED) {
                    child.kill();
                } else {
                    child.stop("supervisor " + this + " terminated");
                }
            }
        }
        try {
            drainMailboxToDeadLetters();
            system.onTerminated(this, exit);
        } finally {
            ActorCell<?, ?> parent = supervisor;
            if (parent != null) {
                parent.removeChild(this);
                if (notifySupervisor) {
                    parent.deliverSupervisionEvent(exit.kind() == ExitReason.Kind.FAILED
                            ? new SupervisionEvent.ActorFailed(this, exit.error())
                            : new SupervisionEvent.ActorTerminated(this, exit));
                }
            }
            exitReason = exit; // the termination future completes once the lock is released
        }
    }

    private void release() {
        int previous = (int) STATUS.getAndBitwiseAnd(this, ~SCHEDULED);
        boolean pendingSignal = (previous & TERMINATED) == 0 && (previous & (STOP | KILL)) != 0;
        ConcurrentLinkedQueue<SupervisionEvent> events = systemQueue;
        boolean pendingEvents = events != null && !events.isEmpty();
        // a racy read if another thread took the lock meanwhile, but then that thread owns the mailbox anyway
        if (!mailbox.isEmpty() || pendingSignal || pendingEvents) {
            schedule();
        }
        ExitReason exit = exitReason;
        if (exit != null && (status & SCHEDULED) == 0) {
            termination.complete(exit); // after the last release: nothing of the actor is held any more
        }
    }

    /** Releases the lock taken by {@link #schedule()} on a terminated cell, draining racing messages. */
    private void drainTerminatedMailbox() {
        drainMailboxToDeadLetters();
        release();
    }

    private void drainMailboxToDeadLetters() {
        Object envelope;
        while ((envelope = poll()) != null) {
            deadLetter(envelope);
        }
        ConcurrentLinkedQueue<SupervisionEvent> events = systemQueue;
        if (events != null) {
            SupervisionEvent event;
            while ((event = events.poll()) != null) {
                log.debug("{} terminated before it could handle {}", this, event);
            }
        }
    }

    private void deadLetter(Object envelope) {
        if (envelope instanceof AskEnvelope<?> ask) {
            ask.fail(new ActorStoppedException(this));
            system.deadLetters().publish(this, ask.message == null ? ask : ask.message);
        } else {
            system.deadLetters().publish(this, envelope);
        }
    }

    /** The next message (a plain one or an {@link AskEnvelope}); {@code null} if none. Consumer lock held. */
    private @Nullable Object poll() {
        Letter letter = mailbox.poll(); // detached: a dead letter keeps no younger one alive (no GC nepotism)
        return letter == null ? null : letter.envelope;
    }

    // ------------------------------------------------------------------ children

    /** Whether this actor is linked to a supervisor (else it is a root of the system). */
    boolean hasSupervisor() {
        return supervisor != null;
    }

    private boolean addChild(ActorCell<?, ?> child) {
        Set<ActorCell<?, ?>> kids = children;
        if (kids == null) {
            Set<ActorCell<?, ?>> created = ConcurrentHashMap.newKeySet();
            kids = CHILDREN.compareAndSet(this, null, created) ? created : children;
        }
        kids.add(child);
        if ((status & TERMINATED) != 0) { // raced with our termination, which may have missed it
            kids.remove(child);
            return false;
        }
        return true;
    }

    private void removeChild(ActorCell<?, ?> child) {
        Set<ActorCell<?, ?>> kids = children;
        if (kids != null) {
            kids.remove(child);
        }
    }

    /** A message in the mailbox: a plain message or an {@link AskEnvelope}. */
    static final class Letter extends MpscNode {
        final Object envelope;

        Letter(Object envelope) {
            this.envelope = envelope;
        }
    }
}
