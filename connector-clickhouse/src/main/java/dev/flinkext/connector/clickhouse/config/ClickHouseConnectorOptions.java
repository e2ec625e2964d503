package dev.flinkext.connector.clickhouse.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;

/** Every connection option of the {@code 'connector' = 'clickhouse'} tables, with its meaning. */
public final class ClickHouseConnectorOptions {

    private ClickHouseConnectorOptions() {}

    public static final ConfigOption<String> URL =
            ConfigOptions.key("url")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The ClickHouse HTTP endpoints as 'http://host:port' or"
                                    + " 'https://host:port', comma-separated when there are"
                                    + " several (8123 / 8443 when the port is left out)."
                                    + " Credentials go in 'username' and 'password', never in"
                                    + " the URL.");

    public static final ConfigOption<String> DATABASE_NAME =
            ConfigOptions.key("database-name")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("The ClickHouse database of the table.");

    public static final ConfigOption<String> TABLE_NAME =
            ConfigOptions.key("table-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The ClickHouse table. It must exist: its columns are checked"
                                    + " against the DDL at planning time.");

    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("username")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("The ClickHouse user.");

    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "The user's password (empty by default). Never written to logs"
                                    + " or error messages.");

    public static final ConfigOption<String> TLS_TRUST_CERTIFICATE =
            ConfigOptions.key("tls.trust-certificate")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "For https URLs: a PEM file of the certificate authority that"
                                    + " signed the servers' certificates, when the JVM's trust"
                                    + " store does not hold it.");

    public static final ConfigOption<Duration> CONNECT_TIMEOUT =
            ConfigOptions.key("connect-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Longest a connection to a server may take to open.");

    public static final ConfigOption<Duration> SOCKET_TIMEOUT =
            ConfigOptions.key("socket-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Longest a request may wait for the server's answer (an insert"
                                    + " of a whole batch included).");

    public static final ConfigOption<Boolean> COMPRESSION =
            ConfigOptions.key("compression")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Compress requests and ask for compressed answers (LZ4). Off by"
                                    + " default: servers before ClickHouse 19 answer compressed"
                                    + " requests with empty bodies.");

    public static final ConfigOption<ClickHouseUpsertStrategy> SINK_UPSERT_STRATEGY =
            ConfigOptions.key("sink.upsert-strategy")
                    .enumType(ClickHouseUpsertStrategy.class)
                    .defaultValue(ClickHouseUpsertStrategy.AUTO)
                    .withDescription(
                            "How an updating query (a changelog; it needs a PRIMARY KEY in the"
                                    + " DDL, equal to the table's ORDER BY) is applied. 'auto'"
                                    + " (default) derives it from the table engine:"
                                    + " ReplacingMergeTree -> 'replacing' (INSERT/UPDATE_AFTER"
                                    + " rows inserted; the engine's version column comes from"
                                    + " the row when the DDL has it, otherwise the sink fills"
                                    + " it with a per-writer increasing counter of"
                                    + " microseconds since the epoch; DELETE needs the"
                                    + " engine's is_deleted column, which servers before 23.2"
                                    + " lack), CollapsingMergeTree -> 'collapsing' and"
                                    + " VersionedCollapsingMergeTree -> 'versioned-collapsing'"
                                    + " (UPDATE_BEFORE and DELETE rows inserted with sign -1,"
                                    + " INSERT/UPDATE_AFTER with +1; the sink fills the sign"
                                    + " column; the version column must be in the DDL), any"
                                    + " other engine -> 'append' (INSERT rows only)."
                                    + " 'mutations' (any MergeTree, chosen explicitly): per"
                                    + " batch ALTER TABLE ... DELETE of the batch's keys, then"
                                    + " an INSERT of its rows; heavy, for modest rates."
                                    + " Checked against the engine (system.tables) at planning"
                                    + " time.");

    public static final ConfigOption<Boolean> SINK_IGNORE_DELETE =
            ConfigOptions.key("sink.ignore-delete")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Drop DELETE rows of a changelog instead of applying them (for"
                                    + " 'replacing' also lets a query that deletes run against"
                                    + " a ReplacingMergeTree without is_deleted: deleted keys"
                                    + " keep their last row). UPDATE_BEFORE rows are still"
                                    + " applied by the collapsing strategies, which need them"
                                    + " to cancel the old row of an update.");

    public static final ConfigOption<String> REPLICA_URLS =
            ConfigOptions.key("replica-urls")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where the replicas of a Distributed table's shards are reached over"
                                    + " HTTP ('sink.write-local'), when the default does not fit"
                                    + " (a replica's host as system.clusters names it, with the"
                                    + " scheme and port of the first 'url'): comma-separated"
                                    + " host[:tcpPort]=url pairs, host and native port as in"
                                    + " remote_servers, e.g. 'ch-1=http://10.0.0.1:8123,"
                                    + " ch-2:9001=https://ch-2.example:8443'. Replicas not"
                                    + " listed keep the default.");

    public static final ConfigOption<Boolean> SINK_WRITE_LOCAL =
            ConfigOptions.key("sink.write-local")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "For a Distributed table: write each row straight into the local"
                                    + " table of the shard the Distributed table would send it"
                                    + " to (its sharding expression evaluated as ClickHouse"
                                    + " evaluates it, shard weights honoured), one INSERT per"
                                    + " shard and batch, never through the Distributed table."
                                    + " The layout (system.clusters, the engine's arguments)"
                                    + " and each shard's local table are read at planning"
                                    + " time; a replica is reached at its host with the"
                                    + " scheme and port of the first 'url'. Shards with"
                                    + " several replicas need Replicated*MergeTree local"
                                    + " tables (one replica is written, the next after a"
                                    + " failed attempt). The changelog strategy follows the"
                                    + " local table's engine.");

    /**
     * {@code scan.parallelism}: Flink's own option ({@link FactoryUtil#SOURCE_PARALLELISM}), the
     * parallelism of the scan source; the job's default when unset.
     */
    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    public static final ConfigOption<Boolean> SCAN_EXACT_RESUME =
            ConfigOptions.key("scan.exact-resume")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Sort each split of a scan (one partition of one shard) by every"
                                    + " column read, so that after a failover, or when a"
                                    + " replica fails mid-read, the split continues exactly"
                                    + " after the last row emitted (rows equal in every column"
                                    + " read are interchangeable). The server sorts each split"
                                    + " before its first row arrives: for partitions larger"
                                    + " than memory pass properties.max_bytes_before_external_sort"
                                    + " and allow for it in 'socket-timeout'. When false, rows"
                                    + " stream in the server's order, and a split interrupted"
                                    + " mid-way is read again from its start (its rows emitted"
                                    + " before the failover are emitted again: at-least-once).");

    /**
     * Prefix of ClickHouse settings passed with every query, e.g. {@code properties.max_threads}.
     */
    public static final String PROPERTIES_PREFIX = "properties.";
}
