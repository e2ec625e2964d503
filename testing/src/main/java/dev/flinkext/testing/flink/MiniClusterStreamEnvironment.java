package dev.flinkext.testing.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;

import java.util.List;

/**
 * A StreamExecutionEnvironment that submits to a running MiniCluster, and the hook that makes
 * {@link StreamExecutionEnvironment#getExecutionEnvironment()} (and so {@code
 * TableEnvironment.create}) return one. Unlike flink-test-utils' TestStreamEnvironment it does not
 * randomize planner and checkpoint settings, so that test results are reproducible.
 */
final class MiniClusterStreamEnvironment extends StreamExecutionEnvironment {

    private MiniClusterStreamEnvironment(MiniCluster miniCluster, Configuration config) {
        super(
                new MiniClusterPipelineExecutorServiceLoader(miniCluster),
                MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
                        new Configuration(config), List.of(), List.of()),
                null);
    }

    /** A new environment on {@code miniCluster}; {@code config} may override the parallelism. */
    static StreamExecutionEnvironment create(
            MiniCluster miniCluster, Configuration config, int defaultParallelism) {
        MiniClusterStreamEnvironment env = new MiniClusterStreamEnvironment(miniCluster, config);
        env.setParallelism(defaultParallelism);
        env.configure(config, env.getUserClassloader());
        return env;
    }

    /** Makes every new environment of this JVM (any thread) run on {@code miniCluster}. */
    static void install(MiniCluster miniCluster, int defaultParallelism) {
        initializeContextEnvironment(conf -> create(miniCluster, conf, defaultParallelism));
    }

    static void uninstall() {
        resetContextEnvironment();
    }
}
