package dev.flinkext.testing.flink;

import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.TempDirs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.messages.webmonitor.ClusterOverview;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running Flink MiniCluster: job manager, task managers and REST endpoint as threads of the test
 * JVM, bound to 127.0.0.1 on random ports. Its temp and checkpoint folders are removed by {@link
 * #close()}.
 */
public final class FlinkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkCluster.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The cluster that new environments currently run on, for {@link FlinkSql}. */
    private static volatile FlinkCluster active;

    private final MiniCluster miniCluster;
    private final int taskManagers;
    private final int slotsPerTaskManager;
    private final Path dir;
    private final URI restAddress;

    private FlinkCluster(
            MiniCluster miniCluster,
            int taskManagers,
            int slotsPerTaskManager,
            Path dir,
            URI restAddress) {
        this.miniCluster = miniCluster;
        this.taskManagers = taskManagers;
        this.slotsPerTaskManager = slotsPerTaskManager;
        this.dir = dir;
        this.restAddress = restAddress;
    }

    /** Starts a MiniCluster; {@code settings} win over the defaults set here. */
    public static FlinkCluster start(
            int taskManagers, int slotsPerTaskManager, Configuration settings) throws Exception {
        long started = System.nanoTime();
        Path dir = TempDirs.create("flink");
        Configuration config = new Configuration();
        config.set(CoreOptions.TMP_DIRS, Files.createDirectories(dir.resolve("tmp")).toString());
        config.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        // as flink-test-utils: small managed memory, so that several task managers fit in -Xmx
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("80m"));
        // Every socket on loopback: REST, blob server (jobmanager.bind-host), shuffle data ports.
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        config.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        config.set(TaskManagerOptions.HOST, "127.0.0.1");
        config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        config.addAll(settings);
        MiniCluster miniCluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(config)
                                .setNumTaskManagers(taskManagers)
                                .setNumSlotsPerTaskManager(slotsPerTaskManager)
                                .setCommonBindAddress("127.0.0.1")
                                .withRandomPorts()
                                .build());
        try {
            miniCluster.start();
            URI rest = miniCluster.getRestAddress().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            FlinkCluster cluster =
                    new FlinkCluster(miniCluster, taskManagers, slotsPerTaskManager, dir, rest);
            Poll.until(
                    "all " + cluster.totalSlots() + " slots of the Flink MiniCluster at " + rest,
                    TIMEOUT,
                    () -> {},
                    () -> cluster.overview().getNumSlotsTotal() == cluster.totalSlots());
            LOG.info(
                    "Flink MiniCluster ({} task managers x {} slots) ready at {} in {} ms",
                    taskManagers,
                    slotsPerTaskManager,
                    rest,
                    (System.nanoTime() - started) / 1_000_000);
            return cluster;
        } catch (Exception e) {
            try {
                miniCluster.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            TempDirs.deleteQuietly(dir);
            throw new IllegalStateException(
                    "Flink MiniCluster ("
                            + taskManagers
                            + " x "
                            + slotsPerTaskManager
                            + ") failed to start",
                    e);
        }
    }

    /** The cluster new environments run on, if a {@link FlinkClusterExtension} is active. */
    static FlinkCluster active() {
        FlinkCluster cluster = active;
        if (cluster == null) {
            throw new IllegalStateException(
                    "No Flink cluster: register a FlinkClusterExtension on a static field with"
                            + " @RegisterExtension");
        }
        return cluster;
    }

    /**
     * Makes {@code StreamExecutionEnvironment.getExecutionEnvironment()} and {@code
     * TableEnvironment.create(...)} run on this cluster, with all slots as default parallelism.
     */
    public void setAsContext() {
        MiniClusterStreamEnvironment.install(miniCluster, totalSlots());
        active = this;
    }

    /** A new environment that runs on this cluster, with all slots as default parallelism. */
    public StreamExecutionEnvironment streamEnvironment() {
        return MiniClusterStreamEnvironment.create(miniCluster, new Configuration(), totalSlots());
    }

    /** The underlying MiniCluster, for anything not covered here. */
    public MiniCluster miniCluster() {
        return miniCluster;
    }

    /** The REST endpoint (and web UI), like {@code http://127.0.0.1:PORT}. */
    public URI restAddress() {
        return restAddress;
    }

    public int taskManagers() {
        return taskManagers;
    }

    public int slotsPerTaskManager() {
        return slotsPerTaskManager;
    }

    public int totalSlots() {
        return taskManagers * slotsPerTaskManager;
    }

    /** Task managers and slots as the resource manager sees them now. */
    public ClusterOverview overview() throws Exception {
        return miniCluster.requestClusterOverview().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Every job the cluster knows, finished ones included. */
    public Collection<JobStatusMessage> jobs() throws Exception {
        return miniCluster.listJobs().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The jobs that are not finished, failed or cancelled yet. */
    public List<JobID> runningJobs() throws Exception {
        List<JobID> running = new ArrayList<>();
        for (JobStatusMessage job : jobs()) {
            if (!job.getJobState().isGloballyTerminalState()) {
                running.add(job.getJobId());
            }
        }
        return running;
    }

    /** Cancels {@code job} and waits until it is cancelled. */
    public void cancelJob(JobID job) throws Exception {
        miniCluster.cancelJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Poll.until(
                "cancellation of job " + job,
                TIMEOUT,
                () -> {},
                () ->
                        miniCluster
                                .getJobStatus(job)
                                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                                .isGloballyTerminalState());
    }

    /** Cancels every running job (streaming jobs a test left behind) and waits for the end. */
    public void cancelAllJobs() throws Exception {
        for (JobID job : runningJobs()) {
            try {
                cancelJob(job);
            } catch (Exception e) {
                // it may have finished in between; check below
                LOG.debug("Cancelling {} failed", job, e);
            }
        }
        Poll.until(
                "the end of all jobs on the Flink MiniCluster at " + restAddress,
                TIMEOUT,
                () -> {},
                () -> runningJobs().isEmpty());
    }

    /** Cancels running jobs, stops the cluster and deletes its folders. */
    @Override
    public void close() throws Exception {
        try {
            cancelAllJobs();
        } catch (Exception e) {
            LOG.warn("Could not cancel all jobs before stopping the MiniCluster", e);
        }
        if (active == this) {
            active = null;
            MiniClusterStreamEnvironment.uninstall();
        }
        try {
            miniCluster.closeAsync().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }
}
