package dev.actorfactory.factory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model-checks the slot's run-state machine ({@link RunState}) with Lincheck: every interleaving of the runner's
 * transitions (start, finish, release) with the abandoner's (the dead man's switch, a timed-out drain) within the
 * explored bounds must be linearizable against the sequential machine {@link Sequential}. That rules out the race
 * the first edition had: a runner that was abandoned before it started can never also start (both would return
 * {@code true}), and an abandoned run can never be finished by its runner.
 *
 * <p>Lincheck builds a fresh instance (a run already taken, as after a take) for every scenario; the
 * {@code @Operation}s are what the threads of a scenario call.
 */
public class RunStateModelCheckTest {

    private final RunState state = new RunState();
    private final long run;

    public RunStateModelCheckTest() {
        run = state.take();
    }

    @Operation
    public boolean start() {
        return state.start(run);
    }

    @Operation
    public boolean finish() {
        return state.finish(run);
    }

    @Operation
    public boolean release() {
        return state.release(run);
    }

    @Operation
    public int abandon() {
        return state.abandon(run);
    }

    @Operation
    public int phase() {
        return state.phase();
    }

    static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(40)
                .invocationsPerIteration(1_000)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(0) // keep the freshly taken run for the concurrent part
                .actorsAfter(1)
                .sequentialSpecification(Sequential.class);
    }

    @Test
    void everyInterleavingOfTakeStartFinishAndAbandonIsLinearizable() {
        options().check(RunStateModelCheckTest.class);
    }

    /**
     * The check has teeth: the same machine with {@code start} written as check-then-act (the shape of the first
     * edition's "stamp still mine? then call the worker") is rejected.
     */
    @Test
    void aCheckThenActStartIsCaught() {
        assertThatThrownBy(() -> options().check(CheckThenActStart.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("start(): true");
    }

    /** The sequential machine the concurrent one must be equivalent to; starts with a run taken. */
    public static class Sequential {
        private int phase = RunState.TAKEN;

        public boolean start() {
            if (phase != RunState.TAKEN) {
                return false;
            }
            phase = RunState.RUNNING;
            return true;
        }

        public boolean finish() {
            if (phase != RunState.RUNNING) {
                return false;
            }
            phase = RunState.IDLE;
            return true;
        }

        public boolean release() {
            if (phase != RunState.TAKEN) {
                return false;
            }
            phase = RunState.IDLE;
            return true;
        }

        public int abandon() {
            int was = phase;
            phase = RunState.IDLE;
            return was;
        }

        public int phase() {
            return phase;
        }
    }

    /** {@link RunState} with a check-then-act {@code start}: what the model check must reject. */
    public static class CheckThenActStart {
        private static final long RUN = 1;
        private final AtomicLong word = new AtomicLong((RUN << 2) | RunState.TAKEN);

        @Operation
        public boolean start() {
            if (word.get() == ((RUN << 2) | RunState.TAKEN)) {
                word.set((RUN << 2) | RunState.RUNNING);
                return true;
            }
            return false;
        }

        @Operation
        public boolean finish() {
            return word.compareAndSet((RUN << 2) | RunState.RUNNING, 0);
        }

        @Operation
        public boolean release() {
            return word.compareAndSet((RUN << 2) | RunState.TAKEN, 0);
        }

        @Operation
        public int abandon() {
            while (true) {
                long current = word.get();
                if (current == 0) {
                    return RunState.IDLE;
                }
                if (word.compareAndSet(current, 0)) {
                    return (int) (current & 3);
                }
            }
        }

        @Operation
        public int phase() {
            return (int) (word.get() & 3);
        }
    }
}
