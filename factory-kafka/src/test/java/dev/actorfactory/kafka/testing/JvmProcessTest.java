package dev.actorfactory.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class JvmProcessTest {

    /** The other JVM: prints its pid and arguments, says when its shutdown hook runs, then waits to be stopped. */
    public static final class Sleeper {

        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown-hook")));
            System.out.println("ready pid=" + ProcessHandle.current().pid() + " args=" + String.join(",", args)
                    + " prop=" + System.getProperty("sleeper.prop"));
            if (args.length > 0 && args[0].equals("exit")) {
                System.exit(Integer.parseInt(args[1]));
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void killNineEndsItWithoutShutdownHooks() throws Exception {
        try (JvmProcess jvm = JvmProcess.builder(Sleeper.class).name("sleeper-kill").heap("64m")
                .systemProperty("sleeper.prop", "x").args("a", "b").start()) {
            String ready = jvm.awaitLine(line -> line.startsWith("ready"), Duration.ofSeconds(30));
            assertThat(ready).isEqualTo("ready pid=" + jvm.pid() + " args=a,b prop=x");
            jvm.kill();
            assertThat(jvm.waitFor(Duration.ofSeconds(30))).isEqualTo(JvmProcess.EXIT_SIGKILL);
            assertThat(jvm.lines()).doesNotContain("shutdown-hook");
            assertThat(ProcessHandle.of(jvm.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void sigtermRunsShutdownHooks() throws Exception {
        try (JvmProcess jvm = JvmProcess.builder(Sleeper.class).name("sleeper-term").heap("64m").start()) {
            jvm.awaitLine(line -> line.startsWith("ready"), Duration.ofSeconds(30));
            jvm.terminate();
            assertThat(jvm.waitFor(Duration.ofSeconds(30))).isEqualTo(JvmProcess.EXIT_SIGTERM);
            assertThat(jvm.lines()).contains("shutdown-hook");
        }
    }

    @Test
    void reportsTheExitCode() throws Exception {
        try (JvmProcess jvm = JvmProcess.builder(Sleeper.class.getName()).name("sleeper-exit").heap("64m")
                .args("exit", "3").start()) {
            assertThat(jvm.waitFor(Duration.ofSeconds(30))).isEqualTo(3);
            assertThat(jvm.lines()).anyMatch(line -> line.startsWith("ready")).contains("shutdown-hook");
        }
    }
}
