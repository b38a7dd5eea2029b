package dev.actorfactory.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH suite (with JMH's own command-line options) and turns the results of that one run into the Markdown
 * tables of the README: every workload against every system, this project's ratios against each baseline from the
 * same run checked against the targets, the tails of request/reply, the rate at 1,000 workers against 4, and the
 * stability of each factory benchmark (worst measured iteration against the median one). Every factory benchmark
 * runs in two worker-thread modes ({@code @Param threads}): shared threads ({@code SHARED}) and a thread per worker
 * ({@code PLATFORM}); the tables and the targets show both.
 *
 * <pre>java -Dreport.out=report.md -Dreport.footprint=footprint.txt -Dreport.machine="..." \
 *     -cp benchmarks.jar dev.actorfactory.benchmarks.BenchmarkReport [JMH options]</pre>
 *
 * <p>With {@code -Dreport.from=jmh.json} it runs nothing and renders the report from a JMH result file written
 * earlier with {@code -rf json} (as {@code run.sh} does, to {@code factory-benchmarks/target/jmh.json}).
 */
public final class BenchmarkReport {

    /** One benchmark's result: score, error, each measured iteration, and percentiles (sample-time modes). */
    record Measured(double score, double error, double[] iterations, Map<Double, Double> percentiles) {

        double medianIteration() {
            double[] sorted = iterations.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        double worstIteration() {
            return Arrays.stream(iterations).min().orElse(Double.NaN);
        }
    }

    private final Map<String, Measured> results = new TreeMap<>();
    private final Map<String, Double> footprint = new HashMap<>();
    private final Map<String, Boolean> fits = new HashMap<>();
    private final StringBuilder out = new StringBuilder();

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkReport report = new BenchmarkReport();
        String jvm = System.getProperty("java.vm.name") + " " + Runtime.version();
        String from = System.getProperty("report.from");
        if (from != null) {
            if (args.length > 0) {
                System.err.println("report.from is set: rendering " + from + ", ignoring " + String.join(" ", args));
            }
            jvm = report.readJmhJson(Path.of(from), jvm);
        } else {
            Collection<RunResult> runs = new Runner(new OptionsBuilder().parent(new CommandLineOptions(args)).build())
                    .run();
            runs.forEach(report::add);
        }
        String footprintFile = System.getProperty("report.footprint");
        if (footprintFile != null && Files.exists(Path.of(footprintFile))) {
            report.readFootprint(Path.of(footprintFile));
        }
        String text = report.render(System.getProperty("report.machine", ""), jvm);
        System.out.print(text);
        String outFile = System.getProperty("report.out");
        if (outFile != null) {
            Files.writeString(Path.of(outFile), text);
        }
    }

    /** The key of a result: {@code Class.method}, plus its parameters other than the default 4 workers. */
    static String keyOf(String benchmark, Map<String, String> params) {
        String method = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        StringBuilder key = new StringBuilder(method);
        new TreeMap<>(params).forEach((name, value) -> {
            if (!(name.equals("workers") && value.equals("4"))) {
                key.append(key.indexOf("[") < 0 ? "[" : ",").append(name).append('=').append(value);
            }
        });
        if (key.indexOf("[") >= 0) {
            key.append(']');
        }
        return key.toString();
    }

    private void add(RunResult run) {
        Map<String, String> params = new HashMap<>();
        for (String name : run.getParams().getParamsKeys()) {
            params.put(name, run.getParams().getParam(name));
        }
        Result<?> primary = run.getAggregatedResult().getPrimaryResult();
        List<Double> iterations = new ArrayList<>();
        for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
            for (IterationResult iteration : benchmark.getIterationResults()) {
                iterations.add(iteration.getPrimaryResult().getScore());
            }
        }
        Map<Double, Double> percentiles = new HashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            percentiles.put(p, primary.getStatistics().getPercentile(p));
        }
        results.put(keyOf(run.getParams().getBenchmark(), params), new Measured(primary.getScore(),
                primary.getScoreError(), iterations.stream().mapToDouble(Double::doubleValue).toArray(), percentiles));
    }

    /**
     * Adds every result of a JMH JSON result file; returns the JVM it names (JMH 1.37 records {@code vmName} and
     * {@code vmVersion}), or {@code fallback}.
     */
    private String readJmhJson(Path file, String fallback) throws IOException {
        String jvm = fallback;
        for (Object entry : (List<?>) Json.parse(Files.readString(file))) {
            Map<?, ?> run = (Map<?, ?>) entry;
            if (run.get("vmName") != null && run.get("vmVersion") != null) {
                jvm = run.get("vmName") + " " + run.get("vmVersion");
            }
            Map<String, String> params = new HashMap<>();
            if (run.get("params") instanceof Map<?, ?> given) {
                given.forEach((name, value) -> params.put(name.toString(), value.toString()));
            }
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            Map<Double, Double> percentiles = new HashMap<>();
            if (primary.get("scorePercentiles") instanceof Map<?, ?> given) {
                given.forEach((p, value) -> percentiles.put(Double.parseDouble(p.toString()), Json.number(value)));
            }
            List<Double> iterations = new ArrayList<>();
            if (primary.get("rawData") instanceof List<?> forks) { // [fork][iteration] -> score
                for (Object fork : forks) {
                    for (Object score : (List<?>) fork) {
                        iterations.add(Json.number(score));
                    }
                }
            } else if (primary.get("rawDataHistogram") instanceof List<?> forks) { // [fork][iteration][[value, count]]
                for (Object fork : forks) {
                    for (Object histogram : (List<?>) fork) {
                        double sum = 0;
                        double count = 0;
                        for (Object bucket : (List<?>) histogram) {
                            List<?> valueAndCount = (List<?>) bucket;
                            double n = Json.number(valueAndCount.get(1));
                            sum += Json.number(valueAndCount.get(0)) * n;
                            count += n;
                        }
                        iterations.add(count == 0 ? Double.NaN : sum / count);
                    }
                }
            }
            results.put(keyOf((String) run.get("benchmark"), params), new Measured(Json.number(primary.get("score")),
                    Json.number(primary.get("scoreError")),
                    iterations.stream().mapToDouble(Double::doubleValue).toArray(), percentiles));
        }
        return jvm;
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

    private static final String FF = "FireAndForgetBenchmark.";
    private static final String KEYED = "KeyedBenchmark.";
    private static final String MANY = "ManyProducersBenchmark.";
    private static final String RR = "RequestReplyBenchmark.";

    /** A worker-thread mode of the factory: its {@code threads} parameter and its label in the report. */
    record Threads(String param, String label) {
    }

    /** The modes every factory benchmark runs in, in the order the report shows them. */
    static final List<Threads> THREADS = List.of(new Threads("SHARED", "shared threads"),
            new Threads("PLATFORM", "thread per worker"));

    /**
     * The key of a factory benchmark in one worker-thread mode, built by {@link #keyOf} like the results' keys:
     * {@code factoryKey(FF + "factory", t, "routing", "QUEUER")}.
     */
    static String factoryKey(String benchmark, Threads threads, String... namesAndValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        params.put("threads", threads.param());
        return keyOf(benchmark, params);
    }

    private static String ff(String routing, Threads threads) {
        return factoryKey(FF + "factory", threads, "routing", routing);
    }

    private static String keyed(String routing, Threads threads) {
        return factoryKey(KEYED + "factory", threads, "routing", routing);
    }

    private static String many(Threads threads) {
        return factoryKey(MANY + "factory", threads, "routing", "KEY_PERSISTENT");
    }

    private String render(String machine, String jvm) {
        out.append("Machine: ").append(machine).append(". JVM: ").append(jvm).append(". Pekko ")
                .append(org.apache.pekko.Version.current()).append(" with its stock configuration.\n\n");
        out.append("Throughput in M jobs/s (higher is better), ± the 99.9% confidence half-width; 4 workers, "
                + "1,000,000 jobs per operation, completion included. This project runs each workload twice: on "
                + "*shared threads* (`WorkerThreads.SHARED`: the workers take turns on a shared fork-join dispatcher, "
                + "one thread per core, like actors) and with a *thread per worker* (`WorkerThreads.PLATFORM`, the "
                + "default); the baselines are the same for both.\n\n");
        out.append("| workload | this project | Pekko router | Pekko, caller picks the actor "
                + "| this project's actors, caller picks | JDK executors | virtual thread per worker |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Threads t : THREADS) {
            row("fire-and-forget, round-robin, " + t.label(), ff("ROUND_ROBIN", t), FF + "pekkoRouterRoundRobin",
                    FF + "pekkoDirect", FF + "ownActorsDirect", FF + "jdkThreadPoolExecutor",
                    FF + "virtualThreadPerWorker");
        }
        for (Threads t : THREADS) {
            row("fire-and-forget, queuer, " + t.label(), ff("QUEUER", t), null, null, null,
                    FF + "jdkThreadPoolExecutor", null);
        }
        for (Threads t : THREADS) {
            row("fire-and-forget, random, " + t.label(), ff("RANDOM", t), FF + "pekkoRouterRandom",
                    FF + "pekkoDirect", FF + "ownActorsDirect", FF + "jdkThreadPoolExecutor", null);
        }
        for (Threads t : THREADS) {
            row("fire-and-forget, custom hash, " + t.label(), ff("CUSTOM_HASH", t), null, FF + "pekkoDirect",
                    FF + "ownActorsDirect", FF + "jdkThreadPoolExecutor", null);
        }
        for (Threads t : THREADS) {
            row("keyed (10,000 keys), key-persistent, " + t.label(), keyed("KEY_PERSISTENT", t),
                    KEYED + "pekkoConsistentHashing", KEYED + "pekkoDirectByKey", KEYED + "ownActorsDirectByKey",
                    KEYED + "jdkSingleThreadExecutors", KEYED + "virtualThreadPerWorker");
        }
        for (Threads t : THREADS) {
            row("keyed (10,000 keys), sticky-queuer, " + t.label(), keyed("STICKY_QUEUER", t),
                    KEYED + "pekkoConsistentHashing", KEYED + "pekkoDirectByKey", KEYED + "ownActorsDirectByKey",
                    KEYED + "jdkSingleThreadExecutors", KEYED + "virtualThreadPerWorker");
        }
        for (Threads t : THREADS) {
            row("4 producers, key-persistent, " + t.label(), many(t), null, MANY + "pekkoDirectByKey", null,
                    MANY + "jdkThreadPoolExecutor", null);
        }
        out.append("\nJDK executors: a `ThreadPoolExecutor` (fire-and-forget, 4 producers) or one single-thread "
                + "executor per worker picked by key hash (keyed); 4 producers into single-thread executors: ")
                .append(millions(MANY + "jdkSingleThreadExecutors")).append(".\n\n");
        out.append("Blocking workers: 32 workers, each job blocks ~1 ms; jobs/s (ideal 32,000).\n\n");
        out.append("| this project, platform threads | this project, virtual threads | JDK ThreadPoolExecutor (32) "
                + "| virtual thread per worker |\n|---|---|---|---|\n");
        out.append("| ").append(plain("BlockingBenchmark.factoryPlatformThreads")).append(" | ")
                .append(plain("BlockingBenchmark.factoryVirtualThreads")).append(" | ")
                .append(plain("BlockingBenchmark.jdkThreadPoolExecutor")).append(" | ")
                .append(plain("BlockingBenchmark.virtualThreadPerWorker")).append(" |\n\n");
        out.append("Request/reply, one caller, µs (lower is better); *after idle*: the caller pauses 200 µs before "
                + "each call, so every call meets parked workers:\n\n");
        out.append("| system | mean | p50 | p90 | p99 | p99.9 |\n|---|---|---|---|---|---|\n");
        for (Threads t : THREADS) {
            latencyRow("this project, `call` (round-robin, 4 workers), " + t.label(),
                    factoryKey(RR + "factoryCall", t));
        }
        for (Threads t : THREADS) {
            latencyRow("this project, `call`, after idle, " + t.label(), factoryKey(RR + "factoryCallAfterIdle", t));
        }
        latencyRow("Pekko `AskPattern.ask` through a round-robin router", RR + "pekkoAskRouter");
        latencyRow("Pekko `AskPattern.ask` through a router, after idle", RR + "pekkoAskRouterAfterIdle");
        latencyRow("Pekko `AskPattern.ask` to a plain actor", RR + "pekkoAskDirect");
        latencyRow("JDK `CompletableFuture.supplyAsync(..).get()`", RR + "jdkCompletableFuture");
        out.append('\n');
        scaling();
        stability();
        out.append("Idle actors:\n\n| | this project | Pekko typed |\n|---|---|---|\n");
        out.append("| spawn, µs per actor (100,000) | ").append(withError("SpawnBenchmark.actorFactorySpawn"))
                .append(" | ").append(withError("SpawnBenchmark.pekkoSpawn")).append(" |\n");
        out.append("| retained heap per idle actor (100,000) | ").append(bytes("ours@100000")).append(" | ")
                .append(bytes("pekko@100000")).append(" |\n");
        out.append("| 1,000,000 idle actors in `-Xmx1g` | ").append(fit("ours@1000000")).append(" | ")
                .append(fit("pekko@1000000")).append(" |\n\n");
        targets();
        return out.toString();
    }

    private static final String[] MODES = {"KEY_PERSISTENT", "QUEUER", "STICKY_QUEUER", "ROUND_ROBIN", "RANDOM",
        "CUSTOM_HASH"};

    private void scaling() {
        out.append("Routing cost against pool size (`ScalingBenchmark`: 1,000,000 jobs over 10,000 keys), M jobs/s:\n\n"
                + "| routing");
        StringBuilder rule = new StringBuilder("|---");
        for (Threads t : THREADS) {
            out.append(" | 4 workers, ").append(t.label()).append(" | 1,000 workers, ").append(t.label())
                    .append(" | ratio, ").append(t.label());
            rule.append("|---|---|---");
        }
        out.append(" |\n").append(rule).append("|\n");
        for (String mode : MODES) {
            out.append("| ").append(mode.toLowerCase(Locale.ROOT).replace('_', '-'));
            for (Threads t : THREADS) {
                out.append(" | ").append(millions(scalingKey(mode, 4, t))).append(" | ")
                        .append(millions(scalingKey(mode, 1000, t))).append(" | ")
                        .append(format(ratio(scalingKey(mode, 1000, t), scalingKey(mode, 4, t))));
            }
            out.append(" |\n");
        }
        out.append('\n');
    }

    private static String scalingKey(String mode, int workers, Threads threads) {
        return factoryKey("ScalingBenchmark.factory", threads, "poolSize", Integer.toString(workers), "routing", mode);
    }

    private void stability() {
        out.append("Stability of each factory benchmark: worst measured iteration against the median one:\n\n"
                + "| benchmark | median iteration | worst iteration | worst / median |\n|---|---|---|---|\n");
        results.forEach((key, measured) -> {
            if (isFactoryThroughput(key) && measured.iterations().length > 0) {
                out.append("| ").append(key).append(" | ").append(millionsOf(measured.medianIteration()))
                        .append(" | ").append(millionsOf(measured.worstIteration())).append(" | ")
                        .append(format(measured.worstIteration() / measured.medianIteration())).append(" |\n");
            }
        });
        out.append('\n');
    }

    /** Whether a key made by {@link #keyOf} has the parameter {@code name=value}. */
    static boolean hasParam(String key, String name, String value) {
        int open = key.indexOf('[');
        if (open < 0 || !key.endsWith("]")) {
            return false;
        }
        return Arrays.asList(key.substring(open + 1, key.length() - 1).split(",")).contains(name + "=" + value);
    }

    private static boolean isFactoryThroughput(String key) {
        return key.contains(".factory[") || key.startsWith("BlockingBenchmark.factory");
    }

    /** Each factory target once per worker-thread mode, the modes side by side; then the targets without one. */
    private void targets() {
        out.append("Targets (ratios from this run):\n\n| target | ratio | met |\n|---|---|---|\n");
        for (Threads t : THREADS) {
            target("round-robin ≥ 0.8 × Pekko, caller picks" + suffix(t), ratio(ff("ROUND_ROBIN", t),
                    FF + "pekkoDirect"), 0.8, true);
        }
        for (Threads t : THREADS) {
            target("key-persistent ≥ 0.8 × Pekko direct by key" + suffix(t), ratio(keyed("KEY_PERSISTENT", t),
                    KEYED + "pekkoDirectByKey"), 0.8, true);
        }
        for (Threads t : THREADS) {
            target("queuer ≥ 1.0 × ThreadPoolExecutor" + suffix(t), ratio(ff("QUEUER", t),
                    FF + "jdkThreadPoolExecutor"), 1.0, true);
        }
        for (Threads t : THREADS) {
            target("4 producers ≥ 1.0 × ThreadPoolExecutor" + suffix(t), ratio(many(t),
                    MANY + "jdkThreadPoolExecutor"), 1.0, true);
        }
        for (Threads t : THREADS) {
            target("`call` mean ≤ 0.8 × Pekko ask via router" + suffix(t), ratio(factoryKey(RR + "factoryCall", t),
                    RR + "pekkoAskRouter"), 0.8, false);
        }
        for (Threads t : THREADS) {
            target("`call` p99 ≤ 1.0 × Pekko ask via router p99" + suffix(t),
                    percentileRatio(factoryKey(RR + "factoryCall", t), RR + "pekkoAskRouter", 99), 1.0, false);
        }
        for (Threads t : THREADS) {
            target("`call` after idle, p99 ≤ 1.0 × Pekko ask after idle p99" + suffix(t),
                    percentileRatio(factoryKey(RR + "factoryCallAfterIdle", t), RR + "pekkoAskRouterAfterIdle", 99),
                    1.0, false);
        }
        for (Threads t : THREADS) {
            target("round-robin ≥ 0.5 × own actors, caller picks" + suffix(t), ratio(ff("ROUND_ROBIN", t),
                    FF + "ownActorsDirect"), 0.5, true);
        }
        for (Threads t : THREADS) {
            target("key-persistent ≥ 0.5 × own actors by key" + suffix(t), ratio(keyed("KEY_PERSISTENT", t),
                    KEYED + "ownActorsDirectByKey"), 0.5, true);
        }
        for (Threads t : THREADS) {
            target("every factory benchmark: worst iteration ≥ 0.6 × median (the lowest)" + suffix(t),
                    worstStability(key -> hasParam(key, "threads", t.param())), 0.6, true);
        }
        target("blocking factory benchmarks (platform and virtual threads): worst iteration ≥ 0.6 × median "
                + "(the lowest)", worstStability(key -> key.startsWith("BlockingBenchmark.")), 0.6, true);
        for (Threads t : THREADS) {
            double worstScaling = Arrays.stream(MODES).mapToDouble(mode -> ratio(scalingKey(mode, 1000, t),
                    scalingKey(mode, 4, t))).filter(value -> !Double.isNaN(value)).min().orElse(Double.NaN);
            target("every routing mode: 1,000 workers ≥ 0.9 × 4 workers (the lowest)" + suffix(t), worstScaling, 0.9,
                    true);
        }
        for (Threads t : THREADS) {
            target("Pekko router: round-robin ≥ 2 × Pekko round-robin router" + suffix(t), ratio(ff("ROUND_ROBIN", t),
                    FF + "pekkoRouterRoundRobin"), 2.0, true);
        }
        Double ours = footprint.get("ours@100000");
        Double pekko = footprint.get("pekko@100000");
        target("idle actor heap ≤ 0.25 × Pekko's", ours == null || pekko == null ? Double.NaN : ours / pekko, 0.25,
                false);
        target("spawn rate ≥ 2 × Pekko's", ratio("SpawnBenchmark.pekkoSpawn", "SpawnBenchmark.actorFactorySpawn"),
                2.0, true);
    }

    private static String suffix(Threads threads) {
        return " (" + threads.label() + ")";
    }

    /** The lowest worst-iteration / median-iteration ratio of the factory throughput benchmarks whose key matches. */
    private double worstStability(Predicate<String> keys) {
        return results.entrySet().stream()
                .filter(entry -> isFactoryThroughput(entry.getKey()) && keys.test(entry.getKey())
                        && entry.getValue().iterations().length > 0)
                .mapToDouble(entry -> entry.getValue().worstIteration() / entry.getValue().medianIteration())
                .min().orElse(Double.NaN);
    }

    private void row(String workload, String ours, String router, String direct, String own, String jdk,
            String virtual) {
        out.append("| ").append(workload).append(" | **").append(millions(ours)).append("** | ")
                .append(millions(router)).append(" | ").append(millions(direct)).append(" | ")
                .append(millions(own)).append(" | ").append(millions(jdk)).append(" | ")
                .append(millions(virtual)).append(" |\n");
    }

    private void latencyRow(String label, String name) {
        Measured measured = results.get(name);
        out.append("| ").append(label).append(" | ").append(withError(name));
        for (double p : new double[] {50, 90, 99, 99.9}) {
            Double value = measured == null ? null : measured.percentiles().get(p);
            out.append(" | ").append(value == null || value.isNaN() ? "n/a"
                    : String.format(Locale.ROOT, "%.1f", value));
        }
        out.append(" |\n");
    }

    private void target(String label, double ratio, double bound, boolean atLeast) {
        String verdict = Double.isNaN(ratio) ? "n/a" : (atLeast ? ratio >= bound : ratio <= bound) ? "met" : "missed";
        out.append("| ").append(label).append(" | ").append(format(ratio)).append(" | ").append(verdict)
                .append(" |\n");
    }

    private double ratio(String numerator, String denominator) {
        Measured a = results.get(numerator);
        Measured b = results.get(denominator);
        return a == null || b == null ? Double.NaN : a.score() / b.score();
    }

    private double percentileRatio(String numerator, String denominator, double percentile) {
        Measured a = results.get(numerator);
        Measured b = results.get(denominator);
        return a == null || b == null ? Double.NaN
                : a.percentiles().getOrDefault(percentile, Double.NaN)
                        / b.percentiles().getOrDefault(percentile, Double.NaN);
    }

    private String millions(String name) {
        if (name == null) {
            return "–";
        }
        Measured measured = results.get(name);
        return measured == null ? "n/a" : String.format(Locale.ROOT, "%.2f ± %.2f", measured.score() / 1e6,
                Double.isNaN(measured.error()) ? 0 : measured.error() / 1e6);
    }

    private static String millionsOf(double value) {
        return String.format(Locale.ROOT, "%.2f", value / 1e6);
    }

    private String plain(String name) {
        Measured measured = results.get(name);
        return measured == null ? "n/a" : String.format(Locale.ROOT, "%,.0f ± %,.0f", measured.score(),
                Double.isNaN(measured.error()) ? 0 : measured.error());
    }

    private String withError(String name) {
        Measured measured = results.get(name);
        return measured == null ? "n/a" : String.format(Locale.ROOT, "%.2f ± %.2f", measured.score(),
                Double.isNaN(measured.error()) ? 0 : measured.error());
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    private String bytes(String key) {
        Double value = footprint.get(key);
        return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.0f B", value);
    }

    private String fit(String key) {
        Boolean ok = fits.get(key);
        return ok == null ? "n/a" : ok ? "yes" : "no (OutOfMemoryError)";
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }
}
