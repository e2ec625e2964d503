package dev.flinkext.connector.kudu.client;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduConnectorOptions;

import org.apache.flink.table.api.ValidationException;

import org.apache.kudu.Schema;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduTable;

import java.util.function.Function;

/** Opens Kudu tables, with errors that name the table and the masters. */
public final class KuduTables {

    private KuduTables() {}

    /**
     * The schema of {@code tableName}, read at planning time through the shared client (so a job
     * planned in a session that already holds one does not open another).
     *
     * @throws ValidationException when the table does not exist or the masters cannot be reached
     *     within {@code client.admin-timeout}, naming table and masters
     */
    public static Schema schemaOf(KuduConnectionOptions connection, String tableName) {
        return read(connection, tableName, KuduTable::getSchema);
    }

    /**
     * What {@code what} reads of {@code tableName} (schema, partition schema), at planning time
     * through the shared client, with {@link #schemaOf}'s errors.
     */
    public static <T> T read(
            KuduConnectionOptions connection, String tableName, Function<KuduTable, T> what) {
        try (SharedResources.Lease<KuduClient> client = KuduClients.acquire(connection)) {
            return what.apply(open(client.get(), connection, tableName));
        } catch (ValidationException e) {
            throw e;
        } catch (Exception e) {
            throw new ValidationException(
                    "Cannot read the schema of Kudu table '"
                            + tableName
                            + "' from masters "
                            + connection.masterAddresses()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Opens {@code tableName} with {@code client}.
     *
     * @throws ValidationException when the table does not exist or the masters cannot be reached
     */
    public static KuduTable open(
            KuduClient client, KuduConnectionOptions connection, String tableName) {
        try {
            if (!client.tableExists(tableName)) {
                throw new ValidationException(
                        "Kudu table '"
                                + tableName
                                + "' does not exist on masters "
                                + connection.masterAddresses()
                                + " (option '"
                                + KuduConnectorOptions.TABLE_NAME.key()
                                + "'). Create it in Kudu first: the connector reads its schema"
                                + " and primary key.");
            }
            return client.openTable(tableName);
        } catch (KuduException e) {
            throw new ValidationException(
                    "Cannot open Kudu table '"
                            + tableName
                            + "' on masters "
                            + connection.masterAddresses()
                            + " (within '"
                            + KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT.key()
                            + "' = "
                            + connection.adminTimeout()
                            + "): "
                            + e.getStatus(),
                    e);
        }
    }
}
