package dev.actorfactory.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in its own JVM, for tests that kill and
 * restart application JVMs around it. It runs {@code kafka.Kafka} from the {@code org.apache.kafka:kafka_2.13} jars
 * that Maven resolved for this module: the build writes their class path to {@code target/kafka-broker.classpath}
 * (maven-dependency-plugin, before the tests) and passes its location in the system property
 * {@value #CLASSPATH_FILE_PROPERTY}.
 *
 * <p>Starting: free ports on 127.0.0.1 (client and controller listener), a {@code server.properties} in a new
 * temporary directory, storage formatted by {@code kafka.tools.StorageTool format --standalone} (a dynamic quorum with
 * this node as its only voter, as Kafka 4.x wants), then {@code kafka.Kafka server.properties} with a small heap;
 * {@link #start} returns when the port accepts connections and an admin client sees the broker. If a port was taken
 * between choosing and binding it, it starts again on new ports. Stopping: SIGTERM, SIGKILL after a timeout, then
 * the temporary directory is deleted.
 */
public final class BrokerProcess implements AutoCloseable {

    /** The system property naming the file with the broker's class path. */
    public static final String CLASSPATH_FILE_PROPERTY = "kafka.broker.classpath.file";

    private static final int START_ATTEMPTS = 3;

    private final JvmProcess process;
    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final Duration formatTime;
    private final Duration startTime;

    private BrokerProcess(JvmProcess process, Path directory, int port, int controllerPort, Duration formatTime,
            Duration startTime) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.formatTime = formatTime;
        this.startTime = startTime;
    }

    /** Starts a broker with the defaults (4 partitions per new topic, 512 MiB heap). */
    public static BrokerProcess start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The broker's JVM, for its output or to kill it. */
    public JvmProcess process() {
        return process;
    }

    /** The temporary directory: {@code server.properties}, {@code logback.xml} and the log directory {@code data}. */
    public Path directory() {
        return directory;
    }

    /** How long the storage format took (a JVM of its own). */
    public Duration formatTime() {
        return formatTime;
    }

    /** How long the broker took from launching its JVM to an admin client seeing it. */
    public Duration startTime() {
        return startTime;
    }

    /** Creates a topic with {@code partitions} partitions and waits until it exists. */
    public void createTopic(String topic, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = TestClients.admin(bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, SIGKILL if still running after {@code grace}; then deletes the directory. Returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        try {
            return process.stop(grace);
        } finally {
            deleteRecursively(directory);
        }
    }

    /**
     * SIGTERM, SIGKILL after 30 s; deletes the directory. If interrupted while waiting, SIGKILL at once (the
     * interrupt is kept).
     */
    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            process.kill();
            Thread.currentThread().interrupt();
        }
    }

    /** The broker's class path as the build wrote it. */
    public static String brokerClasspath() {
        String file = System.getProperty(CLASSPATH_FILE_PROPERTY, "target/kafka-broker.classpath");
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("No Kafka broker class path at " + path.toAbsolutePath() + ": the Maven "
                    + "build writes it before the tests (maven-dependency-plugin build-classpath in factory-kafka's "
                    + "pom); run the tests through Maven, or set -D" + CLASSPATH_FILE_PROPERTY + "=<file>");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Broker settings and limits. */
    public static final class Builder {

        private int partitions = 4;
        private String heap = "512m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@code num.partitions}: partitions of a topic created without a count (default 4). */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** The broker's maximum heap (default 512m). */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** How long to wait for the format and the start together (default 90 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** A {@code server.properties} setting, written after (and so replacing) this class's own. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Formats and starts the broker; returns when it is ready. */
        public BrokerProcess start() {
            String classpath = brokerClasspath();
            Path directory;
            try {
                directory = Files.createTempDirectory("kafka-broker-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        return startOnce(classpath, directory, freePort(), freePort());
                    } catch (PortTakenException e) {
                        if (attempt == START_ATTEMPTS) {
                            throw new IllegalStateException("Kafka broker: ports taken " + attempt + " times", e);
                        }
                    }
                }
            } catch (RuntimeException | Error e) {
                deleteRecursively(directory);
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deleteRecursively(directory);
                throw new IllegalStateException("interrupted while starting the Kafka broker", e);
            }
        }

        private BrokerProcess startOnce(String classpath, Path directory, int port, int controllerPort)
                throws InterruptedException {
            if (port == controllerPort) {
                throw new PortTakenException("the same port twice: " + port);
            }
            long deadline = System.nanoTime() + startTimeout.toNanos();
            Path data = directory.resolve("data");
            deleteRecursively(data);
            Path config = directory.resolve("server.properties");
            Path logback = directory.resolve("logback.xml");
            try {
                Files.writeString(config, serverProperties(port, controllerPort, data), StandardCharsets.UTF_8);
                Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }

            long formatStarted = System.nanoTime();
            JvmProcess format = JvmProcess.builder("kafka.tools.StorageTool").name("kafka-format")
                    .classpath(classpath).heap("256m").echo(false)
                    .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto")
                    .systemProperty("logback.configurationFile", logback.toString())
                    .args("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
                            "--standalone")
                    .start();
            int formatExit = format.waitFor(remaining(deadline));
            if (formatExit != 0) {
                throw new IllegalStateException("kafka-storage format exited with " + formatExit + ":\n"
                        + format.tail(30));
            }
            Duration formatTime = Duration.ofNanos(System.nanoTime() - formatStarted);

            long started = System.nanoTime();
            JvmProcess broker = JvmProcess.builder("kafka.Kafka").name("kafka-broker:" + port)
                    .classpath(classpath).heap(heap)
                    .jvmArgs("-Xms64m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20")
                    .systemProperty("logback.configurationFile", logback.toString())
                    .args(config.toString())
                    .start();
            try {
                awaitReady(broker, port, deadline);
            } catch (RuntimeException | Error | InterruptedException e) {
                broker.kill();
                broker.waitFor(Duration.ofSeconds(30));
                if (broker.lines().stream().anyMatch(line -> line.contains("Address already in use"))) {
                    throw new PortTakenException(broker.tail(10));
                }
                throw e;
            }
            return new BrokerProcess(broker, directory, port, controllerPort, formatTime,
                    Duration.ofNanos(System.nanoTime() - started));
        }

        private static void awaitReady(JvmProcess broker, int port, long deadline) throws InterruptedException {
            while (!accepts(port)) {
                checkRunning(broker, deadline, "its port accepting connections");
                TimeUnit.MILLISECONDS.sleep(100);
            }
            try (Admin admin = TestClients.admin("127.0.0.1:" + port)) {
                while (true) {
                    checkRunning(broker, deadline, "an admin client seeing it");
                    try {
                        java.util.Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                        if (!nodes.isEmpty()) {
                            return;
                        }
                    } catch (ExecutionException | TimeoutException e) {
                        // not ready yet
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        }

        private static void checkRunning(JvmProcess broker, long deadline, String waitingFor) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + broker.process().exitValue()
                        + " before " + waitingFor + "; last output:\n" + broker.tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not get to " + waitingFor + " in time; last "
                        + "output:\n" + broker.tail(40));
            }
        }

        private static boolean accepts(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static Duration remaining(long deadline) {
            return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        }

        private String serverProperties(int port, int controllerPort, Path data) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("process.roles", "broker,controller");
            settings.put("node.id", "1");
            settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            settings.put("inter.broker.listener.name", "PLAINTEXT");
            settings.put("controller.listener.names", "CONTROLLER");
            // a dynamic quorum (Kafka 4.x): format with --standalone; controller.quorum.voters would forbid that
            settings.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
            settings.put("log.dirs", data.toString());
            settings.put("num.partitions", Integer.toString(partitions));
            settings.put("offsets.topic.replication.factor", "1");
            settings.put("offsets.topic.num.partitions", "1");
            settings.put("transaction.state.log.replication.factor", "1");
            settings.put("transaction.state.log.min.isr", "1");
            settings.put("transaction.state.log.num.partitions", "1");
            settings.put("share.coordinator.state.topic.replication.factor", "1");
            settings.put("share.coordinator.state.topic.min.isr", "1");
            settings.put("group.initial.rebalance.delay.ms", "0");
            settings.put("auto.create.topics.enable", "false");
            settings.put("num.network.threads", "2");
            settings.put("num.io.threads", "2");
            settings.put("num.recovery.threads.per.data.dir", "1");
            settings.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
            settings.putAll(properties);
            StringBuilder text = new StringBuilder("# written by BrokerProcess\n");
            settings.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
            return text.toString();
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\");
        }
    }

    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
