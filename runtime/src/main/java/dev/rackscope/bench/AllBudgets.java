package dev.rackscope.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Every budget of ARCHITECTURE.md in one command, on the generated 15,000-instance topology (the plugin-runtime
 * budgets on the hpc-cluster example, as the table says), then the load and fault tests in their full form.
 * Prints one table (budget, limit, measured median, pass/fail) and writes it with the details to
 * {@code runtime/bench/results/<yyyy-MM-dd>.md}.
 *
 * <p>Exit status: non-zero when a benchmark cannot run or the load and fault tests find a correctness failure;
 * with {@code --assert} (the default) also when a budget fails; {@code --report-only} (CI) only reports budgets.
 * Run from anywhere through {@code runtime/bench/all-budgets}, after {@code mvn -B -q -DskipTests install}.
 *
 * <p>{@code java -cp "runtime/target/classes:runtime/target/rackscope/bundle/*:runtime/target/rackscope/boot/*"
 * dev.rackscope.bench.AllBudgets [--instances 15000] [--runs 7] [--duration 60] [--skip-load] [--report-only]
 * [--results FILE|none]}
 */
public final class AllBudgets {

    /** What to run. {@code results} null: no file. {@code loadSeconds} 0: no load and fault tests. */
    public record Options(int instances, int runs, int loadSeconds, int cpuSeconds, boolean assertBudgets, Path results) {
        /** The full form: 15,000 instances, 7 runs, 60 s of load, budgets asserted, dated results file. */
        public static Options full(Path root) {
            return new Options(15_000, 7, 60, 30, true, root.resolve("runtime/bench/results/"
                    + LocalDate.now().format(DateTimeFormatter.ISO_LOCAL_DATE) + ".md"));
        }

        /**
         * The CI form: about 2,000 instances, 3 runs, budgets reported only, no load (LoadAndFaultsIT runs it);
         * the report goes to {@code runtime/target/bench-results/}.
         */
        public static Options reduced(Path root) {
            return new Options(2_000, 3, 0, 5, false, root.resolve("runtime/target/bench-results/"
                    + LocalDate.now().format(DateTimeFormatter.ISO_LOCAL_DATE) + "-reduced.md"));
        }
    }

    /** One line of the table; {@code pass} is null for a measurement without a budget. */
    public record Row(String budget, String limit, String measured, Boolean pass, String detail) {
    }

    /** Every row, the benchmarks that could not run, and the load and fault report (null when skipped). */
    public record Result(Options options, List<Row> budgets, List<Row> other, List<String> errors,
                         LoadAndFaults.Report load, String environment, List<String> steps, double wallSeconds) {

        public List<Row> failedBudgets() {
            return budgets.stream().filter(r -> Boolean.FALSE.equals(r.pass())).toList();
        }

        /** Benchmarks that could not run and correctness failures of the load and fault tests. */
        public List<String> problems() {
            List<String> out = new ArrayList<>(errors);
            if (load != null) {
                out.addAll(load.correctnessFailures());
            }
            return out;
        }

        public String table() {
            StringBuilder sb = new StringBuilder("| budget | limit | measured (median) | result |\n|---|---|---|---|\n");
            for (Row r : budgets) {
                sb.append("| ").append(r.budget()).append(" | ").append(r.limit()).append(" | ").append(r.measured())
                        .append(" | ").append(r.pass() == null ? "—" : r.pass() ? "pass" : "**FAIL**").append(" |\n");
            }
            return sb.toString();
        }

        public String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append("# Budgets of ARCHITECTURE.md — ").append(ZonedDateTime.now().format(
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append("\n\n");
            sb.append("Command: `runtime/bench/all-budgets").append(options.assertBudgets() ? "" : " --report-only")
                    .append(options.instances() == 15_000 ? "" : " --instances " + options.instances())
                    .append(options.runs() == 7 ? "" : " --runs " + options.runs()).append("` (")
                    .append(options.assertBudgets() ? "budgets asserted" : "budgets reported, not asserted")
                    .append("). ").append(environment).append("\n\n");
            sb.append(table());
            List<Row> failed = failedBudgets();
            sb.append(String.format(Locale.ROOT, "%n%d of %d budgets pass.%n", budgets.size() - failed.size(), budgets.size()));
            sb.append("\nDetails (samples in ms unless said otherwise):\n\n");
            for (Row r : budgets) {
                if (!r.detail().isEmpty()) {
                    sb.append("- ").append(r.budget()).append(": ").append(r.detail()).append('\n');
                }
            }
            if (!other.isEmpty()) {
                sb.append("\n## Other measurements (no budget)\n\n| measure | result |\n|---|---|\n");
                for (Row r : other) {
                    sb.append("| ").append(r.budget()).append(" | ").append(r.measured()).append(" |\n");
                }
            }
            if (!errors.isEmpty()) {
                sb.append("\n## Benchmarks that could not run\n\n");
                errors.forEach(e -> sb.append("- ").append(e).append('\n'));
            }
            if (load != null) {
                sb.append("\n## Load and faults (full form)\n\n").append(load.markdown());
            }
            sb.append(String.format(Locale.ROOT, "%nSteps (wall time, 1-minute load average before → after): %s. "
                    + "Total wall time %.0f s.%n", String.join("; ", steps), wallSeconds));
            return sb.toString();
        }
    }

    private AllBudgets() {
    }

    public static void main(String[] args) throws Exception {
        Path root = BenchSupport.repoRoot();
        Options full = Options.full(root);
        int instances = full.instances();
        int runs = full.runs();
        int load = full.loadSeconds();
        int cpu = full.cpuSeconds();
        boolean assertBudgets = true;
        Path results = full.results();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--duration" -> load = Integer.parseInt(args[++i]);
                case "--cpu-seconds" -> cpu = Integer.parseInt(args[++i]);
                case "--skip-load" -> load = 0;
                case "--assert" -> assertBudgets = true;
                case "--report-only" -> assertBudgets = false;
                case "--results" -> {
                    String v = args[++i];
                    results = v.equals("none") ? null : Path.of(v).toAbsolutePath();
                }
                default -> throw new IllegalArgumentException("usage: [--instances N] [--runs N] [--duration S] "
                        + "[--cpu-seconds S] [--skip-load] [--assert | --report-only] [--results FILE|none]");
            }
        }
        Result r = run(root, new Options(instances, runs, load, cpu, assertBudgets, results), System.out);
        System.out.println();
        System.out.println(r.table());
        List<Row> failed = r.failedBudgets();
        List<String> problems = r.problems();
        System.out.printf(Locale.ROOT, "%d of %d budgets pass%s; %d problem(s)%s%n", r.budgets().size() - failed.size(),
                r.budgets().size(), assertBudgets ? "" : " (reported, not asserted)", problems.size(),
                results == null ? "" : "; results in " + results);
        problems.forEach(p -> System.out.println("- " + p));
        System.exit(!problems.isEmpty() || (assertBudgets && !failed.isEmpty()) ? 1 : 0);
    }

    private interface Bench {
        void run() throws Exception;
    }

    /** Runs every benchmark; a benchmark that throws gives failed rows and an error, the others still run. */
    public static Result run(Path root, Options o, PrintStream log) throws Exception {
        long t0 = System.nanoTime();
        String environment = environment();
        List<Row> budgets = new ArrayList<>();
        List<Row> other = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        String n = String.format(Locale.ROOT, "%,d", o.instances());

        step(log, steps, "plugin runtime (PluginBench)", errors, () -> {
            PluginBench.Result p = PluginBench.run(root, o.runs());
            for (PluginBench.Budget b : p.budgets()) {
                boolean cold = b.name().startsWith("cold start");
                budgets.add(new Row(b.name() + (cold ? ", " + p.configuration() : ""),
                        cold ? "≤ 2.5 s median" : String.format(Locale.ROOT, "≤ %.0f ms median", b.limitMs()),
                        cold ? String.format(Locale.ROOT, "%.2f s", b.median() / 1000) : ms(b.median()), b.pass(),
                        samples(b.samples())));
            }
        }, () -> {
            for (String name : List.of("jar copied into deploy/ → its route answers 200",
                    "enabled flipped in app.yaml → route 404/200 and menu updated", "enable/disable through REST → effect",
                    "enable/disable through ConfigAdmin (web console) → effect",
                    "cold start → /api/plugins/menu with both plugin sections")) {
                budgets.add(new Row(name, "see ARCHITECTURE.md", "error", false, ""));
            }
        });

        step(log, steps, "core model (CoreBench)", errors, () -> {
            CoreBench.Result c = CoreBench.run(root, o.instances(), o.runs());
            budgets.add(new Row("load + index, " + n + " instances, cold (first load of a fresh JVM, as at start)",
                    "≤ 500 ms median", ms(c.cold()), c.cold() <= 500, samples(c.coldMs())));
            budgets.add(new Row("load + index, " + n + " instances, warm (reload in a running JVM)", "≤ 500 ms median",
                    ms(c.warm()), c.warm() <= 500, samples(c.warmMs())));
            budgets.add(new Row("heap after full GC, " + n + " instances, server with all plugins", "≤ 200 MB",
                    String.format(Locale.ROOT, "%.1f MB", c.heapMb()), c.heapMb() <= 200, "one measurement after "
                            + "jcmd GC.run, the server having served /api/rooms/{id}/layout under load"));
            other.add(new Row("GET " + c.layoutPath() + ", 8 clients, 10 s", "", load(c.layout()), null, ""));
        }, () -> {
            budgets.add(new Row("load + index, " + n + " instances", "≤ 500 ms median", "error", false, ""));
            budgets.add(new Row("heap after full GC, " + n + " instances, server with all plugins", "≤ 200 MB", "error",
                    false, ""));
        });

        step(log, steps, "health with a real Prometheus (HealthBench)", errors, () -> {
            // a ratio of two medians, each of a quantity that moves with Prometheus's own timing: more rounds than
            // the other budgets (about 3 s each) so that one slow round moves the result less
            HealthBench.Result h = HealthBench.run(root, o.instances(), o.runs() >= 7 ? 2 * o.runs() - 1 : Math.max(3, o.runs()));
            budgets.add(new Row("room state, " + n + " instances, cache cold, ÷ the raw PromQL queries it needs",
                    "≤ 1.2 ×", String.format(Locale.ROOT, "%.2f × (%.0f ms / %.0f ms)", h.ratio(), h.room(), h.raw()),
                    h.ratio() <= 1.2, h.queries() + " planner queries per recompute; room state " + samples(h.roomMs())
                            + "; raw queries (6 at a time, answers parsed) " + samples(h.rawMs())));
            other.add(new Row("GET " + h.path() + ", warm caches, 8 clients, 10 s", "", load(h.warm()), null, ""));
        }, () -> budgets.add(new Row("room state, " + n + " instances, cache cold, ÷ the raw PromQL queries it needs",
                "≤ 1.2 ×", "error", false, "")));

        step(log, steps, "simulator exposition (SimulatorBench)", errors, () -> {
            SimulatorBench.Result s = SimulatorBench.run(root, o.instances(), o.runs(), o.cpuSeconds());
            String note = s.serverStarts() > 1 ? "; the generator ran only after " + s.serverStarts()
                    + " server starts (startup race)" : "";
            budgets.add(new Row("simulator exposition, " + n + " nodes, one scrape, gzip (as Prometheus asks)",
                    "≤ 500 ms median", String.format(Locale.ROOT, "%.0f ms (%.1f MB)", s.gzip(), s.gzipBytes() / 1e6),
                    s.gzip() <= 500, samples(s.gzipMs()) + note));
            budgets.add(new Row("simulator exposition, " + n + " nodes, one scrape, plain text", "≤ 500 ms median",
                    String.format(Locale.ROOT, "%.0f ms (%.1f MB, %,d series)", s.plain(), s.plainBytes() / 1e6, s.series()),
                    s.plain() <= 500, samples(s.plainMs()) + note));
            other.add(new Row("server CPU while the simulator ticks at its default 20 s interval, over " + s.cpuSeconds()
                    + " s", "", String.format(Locale.ROOT, "%.1f %% of one core", s.cpuShare() * 100), null, ""));
        }, () -> budgets.add(new Row("simulator exposition, " + n + " nodes, one scrape", "≤ 500 ms median", "error",
                false, "")));

        LoadAndFaults.Report[] load = new LoadAndFaults.Report[1];
        if (o.loadSeconds() > 0) {
            step(log, steps, "load and faults (LoadAndFaults)", errors, () -> {
                LoadAndFaults.Options lo = LoadAndFaults.Options.full();
                load[0] = LoadAndFaults.run(root, new LoadAndFaults.Options(o.instances(), o.loadSeconds(),
                        lo.clientsPerRoute(), lo.concurrentWrites(), lo.kills(), false), log);
                other.add(new Row(String.format(Locale.ROOT, "load while changing: 4 routes × %d clients, %.0f s",
                        lo.clientsPerRoute(), load[0].loadSeconds()), "", String.format(Locale.ROOT,
                        "%.0f req/s in all, %d errors", load[0].totalRps(), load[0].load().stream()
                                .mapToLong(LoadAndFaults.RouteStats::errors).sum()), null, ""));
            }, () -> { });
        }

        Result result = new Result(o, budgets, other, errors, load[0], environment, steps,
                (System.nanoTime() - t0) / 1e9);
        if (o.results() != null) {
            Files.createDirectories(o.results().getParent());
            Files.writeString(o.results(), result.markdown());
            log.println("all-budgets: results written to " + o.results());
        }
        return result;
    }

    private static void step(PrintStream log, List<String> steps, String name, List<String> errors, Bench bench,
                             Runnable onError) {
        long t0 = System.nanoTime();
        String before = loadAverage();
        log.println("all-budgets: " + name + " … (load average " + before + ")");
        try {
            bench.run();
            log.printf(Locale.ROOT, "all-budgets: %s done in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
        } catch (Exception | AssertionError e) {
            log.println("all-budgets: " + name + " could not run: " + e);
            e.printStackTrace(log);
            errors.add(name + ": " + e);
            onError.run();
        }
        steps.add(String.format(Locale.ROOT, "%s %.0f s, %s → %s", name.replaceAll(" \\(.*", ""),
                (System.nanoTime() - t0) / 1e9, before, loadAverage()));
    }

    /** The 1-minute load average, or "?" where /proc is not there. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String load(BenchSupport.Load l) {
        return String.format(Locale.ROOT, "%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors", l.requestsPerSecond(),
                l.p50Ms(), l.p99Ms(), l.errors());
    }

    /** "n=7, min 12, max 30: 12 14 …" */
    private static String samples(List<Double> s) {
        if (s.isEmpty()) {
            return "no sample";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "n=%d, min %.0f, max %.0f:", s.size(),
                Collections.min(s), Collections.max(s)));
        for (double v : s) {
            sb.append(String.format(Locale.ROOT, " %.0f", v));
        }
        return sb.toString();
    }

    private static String environment() {
        String mem = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    mem = String.format(Locale.ROOT, ", %.0f GiB RAM",
                            Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            mem = "";
        }
        String prom = "no prometheus";
        try {
            Process p = new ProcessBuilder(PrometheusForBench.binary().toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            prom = out.lines().findFirst().orElse("prometheus").replaceAll("\\s*\\(.*", "");
        } catch (IOException | RuntimeException e) {
            prom = "prometheus: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String loadAvg = "; 1-minute load average at the start " + loadAverage() + " (other processes share the"
                + " machine: medians are slower and noisier the higher it is; see the steps at the end)";
        return String.format(Locale.ROOT, "Machine: %d cores%s, %s %s, Java %s (%s), %s%s.",
                Runtime.getRuntime().availableProcessors(), mem, System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), System.getProperty("java.vm.name"), prom,
                loadAvg);
    }
}
