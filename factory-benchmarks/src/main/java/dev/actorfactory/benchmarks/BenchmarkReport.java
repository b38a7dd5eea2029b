package dev.actorfactory.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's JMH CSV results (and the footprint lines) into the Markdown tables of the README: every workload
 * against every system, with the error, and this project's ratios against each baseline from the same run, checked
 * against the targets.
 *
 * <pre>java -cp benchmarks.jar dev.actorfactory.benchmarks.BenchmarkReport jmh.csv footprint.txt "machine"</pre>
 */
public final class BenchmarkReport {

    private record Score(double value, double error) {
    }

    private final Map<String, Score> scores = new HashMap<>();
    private final Map<String, Double> footprint = new HashMap<>();
    private final Map<String, Boolean> fits = new HashMap<>();
    private final StringBuilder out = new StringBuilder();

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        BenchmarkReport report = new BenchmarkReport();
        report.readCsv(Path.of(args[0]));
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            report.readFootprint(Path.of(args[1]));
        }
        String machine = args.length > 2 ? args[2] : "";
        System.out.print(report.render(machine));
    }

    private void readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = splitCsv(line);
            String name = cells.get(0);
            name = name.substring(name.lastIndexOf('.', name.indexOf(':') < 0 ? name.length() : name.indexOf(':'))
                    + 1);
            String className = cells.get(0).substring(0, cells.get(0).lastIndexOf('.',
                    cells.get(0).indexOf(':') < 0 ? cells.get(0).length() : cells.get(0).indexOf(':')));
            className = className.substring(className.lastIndexOf('.') + 1);
            double score = parse(cells.get(4));
            double error = parse(cells.get(5));
            scores.put(className + "." + name, new Score(score, error));
        }
    }

    private void readFootprint(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 5 && parts[0].equals("footprint")) {
                String key = parts[1] + "@" + parts[2];
                footprint.put(key, parse(parts[3]));
                fits.put(key, parts[4].equals("fits=true"));
            }
        }
    }

    private String render(String machine) {
        out.append("Machine: ").append(machine).append(". JVM: ").append(System.getProperty("java.vm.name"))
                .append(' ').append(Runtime.version()).append(". Pekko ").append(pekkoVersion())
                .append(" with its stock configuration.\n\n");
        out.append("Throughput in M jobs/s (higher is better), ± the 99.9% confidence half-width; 4 workers, "
                + "1,000,000 jobs per operation, completion included.\n\n");
        out.append("| workload | this project | Pekko router | Pekko, caller picks the actor | JDK executors "
                + "| virtual thread per worker |\n|---|---|---|---|---|---|\n");
        row("fire-and-forget, round-robin", "FireAndForgetBenchmark.factoryRoundRobin",
                "FireAndForgetBenchmark.pekkoRouterRoundRobin", "FireAndForgetBenchmark.pekkoDirect",
                "FireAndForgetBenchmark.jdkThreadPoolExecutor", "FireAndForgetBenchmark.virtualThreadPerWorker");
        row("fire-and-forget, queuer", "FireAndForgetBenchmark.factoryQueuer", null, null,
                "FireAndForgetBenchmark.jdkThreadPoolExecutor", null);
        row("fire-and-forget, random", "FireAndForgetBenchmark.factoryRandom",
                "FireAndForgetBenchmark.pekkoRouterRandom", "FireAndForgetBenchmark.pekkoDirect",
                "FireAndForgetBenchmark.jdkThreadPoolExecutor", null);
        row("keyed (10,000 keys), key-persistent", "KeyedBenchmark.factoryKeyPersistent",
                "KeyedBenchmark.pekkoConsistentHashing", "KeyedBenchmark.pekkoDirectByKey",
                "KeyedBenchmark.jdkSingleThreadExecutors", "KeyedBenchmark.virtualThreadPerWorker");
        row("keyed (10,000 keys), sticky-queuer", "KeyedBenchmark.factoryStickyQueuer",
                "KeyedBenchmark.pekkoConsistentHashing", "KeyedBenchmark.pekkoDirectByKey",
                "KeyedBenchmark.jdkSingleThreadExecutors", "KeyedBenchmark.virtualThreadPerWorker");
        row("4 producers, key-persistent", "ManyProducersBenchmark.factoryKeyPersistent", null,
                "ManyProducersBenchmark.pekkoDirectByKey", "ManyProducersBenchmark.jdkSingleThreadExecutors", null);
        out.append('\n');
        out.append("Blocking workers: 32 workers, each job blocks ~1 ms; jobs/s (ideal 32,000).\n\n");
        out.append("| this project, platform threads | this project, virtual threads | JDK ThreadPoolExecutor (32) "
                + "| virtual thread per worker |\n|---|---|---|---|\n");
        out.append("| ").append(plain("BlockingBenchmark.factoryPlatformThreads")).append(" | ")
                .append(plain("BlockingBenchmark.factoryVirtualThreads")).append(" | ")
                .append(plain("BlockingBenchmark.jdkThreadPoolExecutor")).append(" | ")
                .append(plain("BlockingBenchmark.virtualThreadPerWorker")).append(" |\n\n");
        out.append("Request/reply, one caller, µs (lower is better):\n\n");
        out.append("| system | mean | p50 | p99 | p99.9 |\n|---|---|---|---|---|\n");
        latencyRow("this project, `call` (round-robin, 4 workers)", "RequestReplyBenchmark.factoryCall");
        latencyRow("Pekko `AskPattern.ask` through a round-robin router", "RequestReplyBenchmark.pekkoAskRouter");
        latencyRow("Pekko `AskPattern.ask` to a plain actor", "RequestReplyBenchmark.pekkoAskDirect");
        latencyRow("JDK `CompletableFuture.supplyAsync(..).get()`", "RequestReplyBenchmark.jdkCompletableFuture");
        out.append('\n');
        out.append("Idle actors:\n\n| | this project | Pekko typed |\n|---|---|---|\n");
        out.append("| spawn, µs per actor (100,000) | ").append(micros("SpawnBenchmark.actorFactorySpawn"))
                .append(" | ").append(micros("SpawnBenchmark.pekkoSpawn")).append(" |\n");
        out.append("| retained heap per idle actor (100,000) | ").append(bytes("ours@100000")).append(" | ")
                .append(bytes("pekko@100000")).append(" |\n");
        out.append("| 1,000,000 idle actors in `-Xmx1g` | ").append(fit("ours@1000000")).append(" | ")
                .append(fit("pekko@1000000")).append(" |\n\n");
        targets();
        return out.toString();
    }

    private void targets() {
        out.append("Targets (ratios from this run):\n\n| target | ratio | met |\n|---|---|---|\n");
        target("round-robin ≥ 0.8 × Pekko direct", ratio("FireAndForgetBenchmark.factoryRoundRobin",
                "FireAndForgetBenchmark.pekkoDirect"), 0.8, true);
        target("round-robin ≥ 2 × Pekko round-robin router", ratio("FireAndForgetBenchmark.factoryRoundRobin",
                "FireAndForgetBenchmark.pekkoRouterRoundRobin"), 2.0, true);
        target("queuer ≥ 1 × ThreadPoolExecutor", ratio("FireAndForgetBenchmark.factoryQueuer",
                "FireAndForgetBenchmark.jdkThreadPoolExecutor"), 1.0, true);
        target("key-persistent ≥ 0.8 × Pekko direct-by-key", ratio("KeyedBenchmark.factoryKeyPersistent",
                "KeyedBenchmark.pekkoDirectByKey"), 0.8, true);
        target("key-persistent ≥ 2 × Pekko consistent hashing", ratio("KeyedBenchmark.factoryKeyPersistent",
                "KeyedBenchmark.pekkoConsistentHashing"), 2.0, true);
        target("`call` mean ≤ 0.8 × Pekko ask via router", ratio("RequestReplyBenchmark.factoryCall",
                "RequestReplyBenchmark.pekkoAskRouter"), 0.8, false);
        target("`call` p99 ≤ Pekko ask p99", ratio("RequestReplyBenchmark.factoryCall:p0.99",
                "RequestReplyBenchmark.pekkoAskRouter:p0.99"), 1.0, false);
        Double ours = footprint.get("ours@100000");
        Double pekko = footprint.get("pekko@100000");
        target("idle actor heap ≤ 0.25 × Pekko's", ours == null || pekko == null ? Double.NaN : ours / pekko, 0.25,
                false);
        target("spawn rate ≥ 2 × Pekko's", ratio("SpawnBenchmark.pekkoSpawn", "SpawnBenchmark.actorFactorySpawn"),
                2.0, true);
    }

    private void row(String workload, String ours, String router, String direct, String jdk, String virtual) {
        out.append("| ").append(workload).append(" | **").append(millions(ours)).append("** | ")
                .append(millions(router)).append(" | ").append(millions(direct)).append(" | ")
                .append(millions(jdk)).append(" | ").append(millions(virtual)).append(" |\n");
    }

    private void latencyRow(String label, String name) {
        out.append("| ").append(label).append(" | ").append(micros(name)).append(" | ")
                .append(value(name + ":p0.50")).append(" | ").append(value(name + ":p0.99")).append(" | ")
                .append(value(name + ":p0.999")).append(" |\n");
    }

    private void target(String label, double ratio, double bound, boolean atLeast) {
        String verdict = Double.isNaN(ratio) ? "n/a" : (atLeast ? ratio >= bound : ratio <= bound) ? "met" : "missed";
        out.append("| ").append(label).append(" | ")
                .append(Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio)).append(" | ")
                .append(verdict).append(" |\n");
    }

    private double ratio(String numerator, String denominator) {
        Score a = scores.get(numerator);
        Score b = scores.get(denominator);
        return a == null || b == null ? Double.NaN : a.value() / b.value();
    }

    private String millions(String name) {
        if (name == null) {
            return "–";
        }
        Score score = scores.get(name);
        return score == null ? "n/a" : String.format(Locale.ROOT, "%.2f ± %.2f", score.value() / 1e6,
                Double.isNaN(score.error()) ? 0 : score.error() / 1e6);
    }

    private String plain(String name) {
        Score score = scores.get(name);
        return score == null ? "n/a" : String.format(Locale.ROOT, "%,.0f ± %,.0f", score.value(),
                Double.isNaN(score.error()) ? 0 : score.error());
    }

    private String micros(String name) {
        Score score = scores.get(name);
        return score == null ? "n/a" : String.format(Locale.ROOT, "%.2f ± %.2f", score.value(),
                Double.isNaN(score.error()) ? 0 : score.error());
    }

    private String value(String name) {
        Score score = scores.get(name);
        return score == null ? "n/a" : String.format(Locale.ROOT, "%.1f", score.value());
    }

    private String bytes(String key) {
        Double value = footprint.get(key);
        return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.0f B", value);
    }

    private String fit(String key) {
        Boolean ok = fits.get(key);
        return ok == null ? "n/a" : ok ? "yes" : "no (OutOfMemoryError)";
    }

    private static String pekkoVersion() {
        return org.apache.pekko.Version.current();
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.replace("\"", ""));
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }

    private static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
