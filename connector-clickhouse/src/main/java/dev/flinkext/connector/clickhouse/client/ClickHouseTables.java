package dev.flinkext.connector.clickhouse.client;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseLiterals;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryInput;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;

import org.apache.flink.table.api.ValidationException;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads what a table is from the server: its columns, for the checks made at planning time. */
public final class ClickHouseTables {

    private ClickHouseTables() {}

    /**
     * The columns of {@code database.table} in the server's order (18.16 lists MATERIALIZED and
     * ALIAS columns last), through a client of its own.
     *
     * @throws ValidationException when the table does not exist or the servers cannot be asked,
     *     naming the table and the endpoints (never the password)
     */
    public static List<ClickHouseColumn> columns(
            ClickHouseConnectionOptions connection, String database, String table) {
        try (Client client = ClickHouseClients.create(connection)) {
            return columns(client, connection, database, table);
        }
    }

    static List<ClickHouseColumn> columns(
            Client client, ClickHouseConnectionOptions connection, String database, String table) {
        String where = describe(connection, database, table);
        String sql =
                "SELECT name, type, default_kind FROM system.columns WHERE database = "
                        + quote(database)
                        + " AND table = "
                        + quote(table)
                        // in table order (18.16 has no position column); FORMAT in the text:
                        // 18.16 ignores the default_format the client sends
                        + " FORMAT RowBinary";
        List<ClickHouseColumn> columns = new ArrayList<>();
        try (QueryResponse response =
                client.query(sql, new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                        .get(connection.socketTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            RowBinaryInput in =
                    new RowBinaryInput(new BufferedInputStream(response.getInputStream()));
            while (!in.atEnd()) {
                columns.add(
                        new ClickHouseColumn(in.readString(), in.readString(), in.readString()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException("Interrupted while reading the columns of " + where, e);
        } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ValidationException(
                    "Cannot read the columns of " + where + ": " + cause.getMessage(), cause);
        } catch (Exception e) { // QueryResponse.close()
            throw new ValidationException("Cannot read the columns of " + where, e);
        }
        if (columns.isEmpty()) {
            throw new ValidationException(
                    "ClickHouse table "
                            + where
                            + " does not exist (options 'database-name' and 'table-name').");
        }
        return columns;
    }

    /**
     * The table's engine with its arguments and clauses as the server shows it ({@code
     * system.tables.engine_full}, e.g. {@code ReplacingMergeTree(ver) ORDER BY k SETTINGS ...}).
     *
     * @throws ValidationException when the table does not exist or the servers cannot be asked
     */
    public static String engineFull(
            ClickHouseConnectionOptions connection, String database, String table) {
        String where = describe(connection, database, table);
        String sql =
                "SELECT engine_full FROM system.tables WHERE database = "
                        + quote(database)
                        + " AND name = "
                        + quote(table)
                        + " FORMAT RowBinary";
        try (Client client = ClickHouseClients.create(connection);
                QueryResponse response =
                        client.query(sql, new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                                .get(
                                        connection.socketTimeout().toMillis() * 2,
                                        TimeUnit.MILLISECONDS)) {
            RowBinaryInput in =
                    new RowBinaryInput(new BufferedInputStream(response.getInputStream()));
            if (in.atEnd()) {
                throw new ValidationException(
                        "ClickHouse table "
                                + where
                                + " does not exist (options 'database-name' and 'table-name').");
            }
            return in.readString();
        } catch (ValidationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException("Interrupted while reading the engine of " + where, e);
        } catch (Exception e) {
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ValidationException(
                    "Cannot read the engine of " + where + ": " + cause.getMessage(), cause);
        }
    }

    /** {@code 'db'.'table' at http://host:port} for messages. */
    public static String describe(
            ClickHouseConnectionOptions connection, String database, String table) {
        return "'" + database + "." + table + "' at " + connection.describeEndpoints();
    }

    /** A ClickHouse string literal (18.16 has no query parameters). */
    public static String quote(String value) {
        return ClickHouseLiterals.quoted(value);
    }
}
