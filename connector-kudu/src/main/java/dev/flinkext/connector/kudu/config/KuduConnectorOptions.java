package dev.flinkext.connector.kudu.config;

import dev.flinkext.sink.SinkCoreOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;
import java.util.Set;

/**
 * Every option of the {@code 'connector' = 'kudu'} tables, with its default and meaning. The
 * buffering and retry options of the sink are sink-core's ({@link SinkCoreOptions}).
 */
public final class KuduConnectorOptions {

    private KuduConnectorOptions() {}

    // ---------------------------------------------------------------- connection

    public static final ConfigOption<String> MASTERS =
            ConfigOptions.key("masters")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Kudu masters as 'host:port,host:port' (as Kudu writes them;"
                                    + " semicolons work too; port 7051 when left out): all"
                                    + " masters of a multi-master cluster.");

    public static final ConfigOption<String> TABLE_NAME =
            ConfigOptions.key("table-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Kudu table, as Kudu names it (e.g. 'impala::db.t' for tables"
                                    + " created through Impala). It must exist: its schema is"
                                    + " checked against the DDL at planning time.");

    public static final ConfigOption<Duration> CLIENT_OPERATION_TIMEOUT =
            ConfigOptions.key("client.operation-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest a write or scan RPC may take, the client's own retries"
                                    + " included (Kudu's default operation timeout).");

    public static final ConfigOption<Duration> CLIENT_ADMIN_TIMEOUT =
            ConfigOptions.key("client.admin-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest an administrative call may take: opening the table and"
                                    + " reading its schema (at planning time too), finding the"
                                    + " masters.");

    public static final ConfigOption<String> CLIENT_SASL_PROTOCOL_NAME =
            ConfigOptions.key("client.sasl-protocol-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kerberos: the SASL protocol name (service principal's first part)"
                                    + " of the Kudu servers, passed to the Kudu client; Kudu's"
                                    + " default 'kudu' when unset.");

    // ---------------------------------------------------------------- scan

    /**
     * {@code scan.parallelism}: Flink's own option ({@link FactoryUtil#SOURCE_PARALLELISM}), the
     * parallelism of the scan's readers; the job's default parallelism when unset. More readers
     * than splits (tablets left after the predicates prune) leaves some idle.
     */
    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    public static final ConfigOption<KuduScanMode> SCAN_MODE =
            ConfigOptions.key("scan.mode")
                    .enumType(KuduScanMode.class)
                    .defaultValue(KuduScanMode.SNAPSHOT)
                    .withDescription(
                            "'snapshot': a bounded scan. 'continuous': the snapshot, then every"
                                    + " insert, update and delete made in Kudu as a changelog,"
                                    + " exactly once and in order per key, resumed from its"
                                    + " checkpointed position after a failover (which must"
                                    + " still be within the tablet servers'"
                                    + " --tablet_history_max_age_sec). Continuous scans push"
                                    + " down filters on primary-key columns only, and no"
                                    + " limit.");

    public static final ConfigOption<Duration> SCAN_CONTINUOUS_INTERVAL =
            ConfigOptions.key("scan.continuous.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "Continuous mode: how often each tablet is asked for its changes"
                                    + " since the last time (one diff scan per tablet per"
                                    + " interval). Must be positive.");

    public static final ConfigOption<Duration> SCAN_PARTITION_DISCOVERY_INTERVAL =
            ConfigOptions.key("scan.partition-discovery.interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "Continuous mode: how often the masters are asked for the table's"
                                    + " tablets, so that range partitions added while the job"
                                    + " runs are read (their snapshot, then their changes) and"
                                    + " dropped ones end. '0' turns discovery off: only the"
                                    + " tablets of the job's start are read.");

    // ---------------------------------------------------------------- sink

    public static final ConfigOption<Boolean> SINK_IGNORE_NOT_FOUND =
            ConfigOptions.key("sink.ignore-not-found")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether a DELETE of a row that Kudu does not hold counts as done;"
                                    + " otherwise it fails the job naming the key. Turn it on when"
                                    + " a replay after a failover may delete a row twice.");

    public static final ConfigOption<Boolean> SINK_IGNORE_DUPLICATE =
            ConfigOptions.key("sink.ignore-duplicate")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether Kudu's ALREADY_PRESENT row error counts as done instead of"
                                    + " failing the job naming the key.");

    // ---------------------------------------------------------------- lookup

    public static final ConfigOption<Integer> LOOKUP_IN_LIST_MAX_SIZE =
            ConfigOptions.key("lookup.in-list.max-size")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Most values in the IN-list predicate of one lookup scan: a batch of"
                                    + " keys (lookup.batch.max-size) with more distinct values"
                                    + " is read as several scans, all at once. Bounds the size of"
                                    + " one scan request; at least 1.");

    /** The options of this connector's own, sink-core's excluded. */
    public static Set<ConfigOption<?>> connectionOptions() {
        return Set.of(CLIENT_OPERATION_TIMEOUT, CLIENT_ADMIN_TIMEOUT, CLIENT_SASL_PROTOCOL_NAME);
    }
}
