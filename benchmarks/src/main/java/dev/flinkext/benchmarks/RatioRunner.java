package dev.flinkext.benchmarks;

import dev.flinkext.benchmarks.harness.RatioTable;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.Collection;

/**
 * Entry point of {@code benchmarks.jar}: runs JMH with the usual JMH command line (include regex,
 * -f, -wi, -i, -p ...) and then prints each {@code ours_X}/{@code reference_X} pair as a ratio, so
 * both sides are always measured in the same run on the same machine.
 */
public final class RatioRunner {

    private RatioRunner() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("flinkext vs reference (ratio > 1: flinkext is better)");
        System.out.print(RatioTable.fromRunResults(results).render());
    }
}
