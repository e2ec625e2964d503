package dev.flinkext.testing.flink;

import dev.flinkext.testing.ServerExtension;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.TreeMap;

/**
 * Starts a Flink MiniCluster (2 task managers with 2 slots each by default) and makes {@code
 * StreamExecutionEnvironment.getExecutionEnvironment()}, {@code TableEnvironment.create(...)} and
 * {@link FlinkSql} run their jobs on it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FlinkClusterExtension FLINK =
 *         new FlinkClusterExtension().with(RestartStrategyOptions.RESTART_STRATEGY, "none");
 * }</pre>
 */
public final class FlinkClusterExtension extends ServerExtension<FlinkCluster>
        implements BeforeEachCallback {

    private int taskManagers = 2;
    private int slotsPerTaskManager = 2;
    private final Configuration configuration = new Configuration();

    /** Number of task managers (default 2). */
    public FlinkClusterExtension taskManagers(int count) {
        this.taskManagers = count;
        return this;
    }

    /** Slots of each task manager (default 2). */
    public FlinkClusterExtension slotsPerTaskManager(int count) {
        this.slotsPerTaskManager = count;
        return this;
    }

    /** Adds cluster settings (checkpointing, restart strategy, ...); later calls win. */
    public FlinkClusterExtension withConfiguration(Configuration settings) {
        configuration.addAll(settings);
        return this;
    }

    /** Sets one cluster setting. */
    public <T> FlinkClusterExtension with(ConfigOption<T> option, T value) {
        configuration.set(option, value);
        return this;
    }

    /** Sets one cluster setting by its key, as in Flink's config file. */
    public FlinkClusterExtension with(String key, String value) {
        configuration.setString(key, value);
        return this;
    }

    @Override
    protected FlinkCluster startServer() throws Exception {
        return FlinkCluster.start(taskManagers, slotsPerTaskManager, configuration);
    }

    @Override
    protected String sharingKey() {
        return taskManagers + "x" + slotsPerTaskManager + new TreeMap<>(configuration.toMap());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        super.beforeAll(context);
        server().setAsContext();
    }

    /** Re-installs the cluster as the context per test, since another class may have changed it. */
    @Override
    public void beforeEach(ExtensionContext context) {
        server().setAsContext();
    }
}
