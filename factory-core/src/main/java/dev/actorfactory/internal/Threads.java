package dev.actorfactory.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Thread factories for platform and virtual threads. The library compiles for Java 17, so virtual threads (JDK
 * 21+) are reached reflectively and detected at run time.
 *
 * <p>Internal: not part of the public API. Thread-safe.
 */
public final class Threads {

    private static final @Nullable MethodHandle OF_VIRTUAL = findOfVirtual();

    private Threads() {
    }

    /** Whether this JVM offers virtual threads (JDK 21 or later). */
    public static boolean virtualThreadsAvailable() {
        return OF_VIRTUAL != null;
    }

    /** Daemon platform threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory platform(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Virtual threads named {@code prefix-1}, {@code prefix-2}, ...
     *
     * @throws UnsupportedOperationException on JDK 17-20
     */
    public static ThreadFactory virtual(String prefix) {
        if (OF_VIRTUAL == null) {
            throw new UnsupportedOperationException("Virtual threads need JDK 21 or later; this JVM is "
                    + Runtime.version());
        }
        try {
            Object builder = OF_VIRTUAL.invoke();
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 1L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (Throwable error) {
            throw new IllegalStateException("Could not create a virtual-thread factory", error);
        }
    }

    private static @Nullable MethodHandle findOfVirtual() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
        } catch (ReflectiveOperationException | LinkageError notOnThisJvm) {
            return null;
        }
    }
}
