package dev.flinkext.catalog.kudu;

import dev.flinkext.connector.kudu.config.KuduConnectorOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.Set;

/**
 * Every option of {@code CREATE CATALOG ... WITH ('type' = 'kudu', ...)}. The connection options
 * are the Kudu connector's own ({@link KuduConnectorOptions}), so a catalog and a table of the same
 * masters and client settings share one Kudu client per JVM; every table the catalog returns
 * carries them.
 */
public final class KuduCatalogOptions {

    private KuduCatalogOptions() {}

    /** The catalog factory's identifier: {@code 'type' = 'kudu'}. */
    public static final String IDENTIFIER = "kudu";

    /** {@code masters}: the connector's option, required. */
    public static final ConfigOption<String> MASTERS = KuduConnectorOptions.MASTERS;

    public static final ConfigOption<String> DEFAULT_DATABASE =
            ConfigOptions.key("default-database")
                    .stringType()
                    .defaultValue("default")
                    .withDescription(
                            "The database of the Kudu tables whose name has no dot (and of"
                                    + " 'impala::t'); always listed, even when it holds no"
                                    + " table. A table 'default-database.t' belongs to it too.");

    public static final ConfigOption<Boolean> CREATE_IMPALA_NAMES =
            ConfigOptions.key("create-table.impala-names")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "How CREATE TABLE db.t names the Kudu table: 'db.t' (false; 't' in"
                                    + " the default database) or Impala's 'impala::db.t' (true)."
                                    + " Reading, listing and dropping find either form.");

    /** {@code client.operation-timeout}: the connector's option, passed to every table. */
    public static final ConfigOption<?> CLIENT_OPERATION_TIMEOUT =
            KuduConnectorOptions.CLIENT_OPERATION_TIMEOUT;

    /** {@code client.admin-timeout}: the connector's option, passed to every table. */
    public static final ConfigOption<?> CLIENT_ADMIN_TIMEOUT =
            KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT;

    /** {@code client.sasl-protocol-name}: the connector's option, passed to every table. */
    public static final ConfigOption<?> CLIENT_SASL_PROTOCOL_NAME =
            KuduConnectorOptions.CLIENT_SASL_PROTOCOL_NAME;

    public static Set<ConfigOption<?>> requiredOptions() {
        return Set.of(MASTERS);
    }

    public static Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                DEFAULT_DATABASE,
                CREATE_IMPALA_NAMES,
                CLIENT_OPERATION_TIMEOUT,
                CLIENT_ADMIN_TIMEOUT,
                CLIENT_SASL_PROTOCOL_NAME);
    }
}
