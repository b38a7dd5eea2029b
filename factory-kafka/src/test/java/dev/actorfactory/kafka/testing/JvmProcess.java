package dev.actorfactory.kafka.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Another JVM started by a test: a main class on a class path (by default this test JVM's own), with its standard
 * output and error merged and collected line by line. Stop it politely ({@link #terminate()}: SIGTERM, shutdown hooks
 * run) or not ({@link #kill()}: SIGKILL, as {@code kill -9}); every process still running when the test JVM exits
 * is killed by a shutdown hook.
 *
 * <pre>{@code
 * try (JvmProcess app = JvmProcess.builder(MyApp.class).name("app-1").heap("256m").args("--port", "0").start()) {
 *     app.awaitLine(line -> line.contains("started"), Duration.ofSeconds(30));
 *     app.kill();
 *     assertThat(app.waitFor(Duration.ofSeconds(10))).isEqualTo(137);
 * }
 * }</pre>
 */
public final class JvmProcess implements AutoCloseable {

    /** Exit code of a JVM ended by SIGKILL (128 + 9). */
    public static final int EXIT_SIGKILL = 137;
    /** Exit code of a JVM ended by SIGTERM (128 + 15), after its shutdown hooks ran. */
    public static final int EXIT_SIGTERM = 143;

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> p.toHandle().destroyForcibly()),
                "jvm-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean outputClosed;

    private JvmProcess(String name, Process process, boolean echo) {
        this.name = name;
        this.process = process;
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        this.reader = new Thread(() -> readOutput(echo), "jvm-process-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** A builder for a JVM running {@code mainClass}. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** A builder for a JVM running the class named {@code mainClass}. */
    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** This test JVM's class path (under Surefire: the module's test class path). */
    public static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    /** The {@code java} launcher of the JVM running this test. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The name given at build time, used in log prefixes. */
    public String name() {
        return name;
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    /** The underlying process. */
    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL ({@code kill -9}): the JVM ends at once, no shutdown hook runs. Does not wait. */
    public void kill() {
        // through the ProcessHandle: Process.destroyForcibly() would also close our end of its output pipe
        process.toHandle().destroyForcibly();
    }

    /**
     * SIGTERM: the JVM runs its shutdown hooks and exits. Does not wait. What it prints while shutting down is still
     * read ({@link Process#destroy()} would close the pipe and lose it, hence the {@link ProcessHandle}).
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /**
     * Waits up to {@code timeout} for the process to exit and returns its exit code.
     *
     * @throws AssertionError if it is still running then
     */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " (pid " + pid() + ") still running after " + timeout + "; last output:\n"
                    + tail(20));
        }
        awaitOutputClosed(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /**
     * SIGTERM, then SIGKILL if the process has not exited within {@code grace}; returns the exit code once it has
     * exited.
     */
    public int stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            terminate();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
        return waitFor(Duration.ofSeconds(30));
    }

    /** The lines printed so far (standard output and error merged). */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The last {@code count} lines printed, joined with newlines. */
    public String tail(int count) {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /**
     * Waits until a printed line (one already printed, or a later one) matches and returns it.
     *
     * @throws AssertionError if none matched within {@code timeout} or the process closed its output first
     */
    public String awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (lines) {
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (matcher.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                if (outputClosed) {
                    throw new AssertionError(name + " ended its output (alive: " + process.isAlive()
                            + ") without the expected line; last output:\n" + tail(30));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": no expected line within " + timeout + "; last output:\n"
                            + tail(30));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    private void awaitOutputClosed(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }

    private void readOutput(boolean echo) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (echo) {
                    System.out.println("[" + name + "] " + line);
                }
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the stream closes when the process is killed: nothing more to read
        } finally {
            synchronized (lines) {
                outputClosed = true;
                lines.notifyAll();
            }
        }
    }

    /** SIGTERM, then SIGKILL after 10 s; if interrupted while waiting, SIGKILL at once (the interrupt is kept). */
    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", " + (isAlive() ? "running" : "exited") + ")";
    }

    /** What to start: main class, class path, JVM options, arguments. */
    public static final class Builder {

        private final String mainClass;
        private String name;
        private String classpath = testClasspath();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String heap = "256m";
        private Path workingDirectory;
        private boolean echo = true;

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass);
            this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }

        /** A name for log prefixes and messages (default: the main class's simple name). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The class path (default: this test JVM's, {@link JvmProcess#testClasspath()}). */
        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** The maximum heap, {@code -Xmx} (default 256m). */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder jvmArgs(String... jvmArgs) {
            Collections.addAll(this.jvmArgs, jvmArgs);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder args(String... args) {
            Collections.addAll(this.args, args);
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder workingDirectory(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
            return this;
        }

        /** Whether to copy each output line to this JVM's standard output, prefixed with the name (default yes). */
        public Builder echo(boolean echo) {
            this.echo = echo;
            return this;
        }

        /** The full command line. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable().toString());
            command.add("-Xmx" + heap);
            command.add("-Djava.awt.headless=true");
            command.addAll(jvmArgs);
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
            command.addAll(args);
            return command;
        }

        /** Starts the JVM; returns at once. */
        public JvmProcess start() {
            ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            try {
                return new JvmProcess(name, builder.start(), echo);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }
    }
}
