package dev.rackscope.itest;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

import dev.rackscope.bench.AllBudgets;
import dev.rackscope.bench.LoadAndFaults;
import dev.rackscope.bench.PrometheusForBench;

/**
 * The load and fault tests and the budget benchmarks in their reduced form (about 2,000 instances, 20 s of
 * load) on the assembled runnable folder with a real Prometheus: correctness failures (a route error under
 * load, a fault the server does not survive, a lost or torn write, a benchmark that cannot run) fail the
 * build; budgets are reported, not asserted (the full form, {@code runtime/bench/all-budgets}, asserts them).
 */
public class LoadAndFaultsIT {

    private Path root;

    @Before
    public void needsPrometheusAndTheRunnableFolder() {
        Assume.assumeTrue("prometheus is not installed (apt-get install prometheus): load and fault tests skipped",
                PrometheusForBench.find() != null);
        root = Paths.get(System.getProperty("rackscope.root", "..")).toAbsolutePath().normalize();
        assertTrue("the runnable folder is assembled before the integration tests: " + root.resolve("runtime/target/rackscope"),
                Files.isDirectory(root.resolve("runtime/target/rackscope/bin")));
    }

    @Test
    public void routesStayUpUnderLoadWhileTheConfigurationChangesAndEveryFaultIsSurvived() throws Exception {
        LoadAndFaults.Report report = LoadAndFaults.run(root, LoadAndFaults.Options.reduced(), System.out);
        System.out.println(report.markdown());
        List<String> budget = report.budgetFailures();
        if (!budget.isEmpty()) {
            System.out.println("Budgets missed under load (reported, not asserted in CI): " + budget);
        }
        List<String> failures = report.correctnessFailures();
        assertTrue("correctness failures:\n" + String.join("\n", failures), failures.isEmpty());
    }

    @Test
    public void everyBudgetBenchmarkRunsInItsReducedFormAndReports() throws Exception {
        AllBudgets.Result result = AllBudgets.run(root, AllBudgets.Options.reduced(root), System.out);
        System.out.println(result.markdown());
        List<String> errors = result.errors();
        assertTrue("benchmarks that could not run:\n" + String.join("\n", errors), errors.isEmpty());
    }
}
