package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.resource.Closeables;
import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.client.ClickHouseServerErrors;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where rows are inserted: one table, reached through the clients of its copies (the configured
 * endpoints for a plain table; a shard's replicas for {@code sink.write-local}), one {@code INSERT
 * INTO db.table (columns) FORMAT RowBinary} per attempt, its body streamed from the rows' bytes
 * without copying them into one buffer. After an attempt that went unconfirmed the next one goes to
 * the next copy. For {@code mutations} an attempt first deletes the rows' keys ({@code ALTER TABLE
 * ... DELETE}), then inserts the rows that are not deletes.
 *
 * <ul>
 *   <li>The server answers OK: every row confirmed.
 *   <li>The server could not be reached, the connection broke, the answer timed out, or the server
 *       reports an error a later attempt can cure (too many parts, memory, timeouts, network, a
 *       read-only replica): the rows unconfirmed (the caller retries). Whether the server stored
 *       rows whose answer was lost is unknown: at-least-once.
 *   <li>Any other server error is final, naming the table, the endpoint and the server's code and
 *       message (against servers before 19 client-v2 cannot read the message: the HTTP status is
 *       named instead, see {@link #hint}).
 * </ul>
 */
final class ClickHouseInsertTarget implements AutoCloseable {

    /**
     * Server error codes worth a retry: TIMEOUT_EXCEEDED 159, TOO_MANY_SIMULTANEOUS_QUERIES 202,
     * NO_FREE_CONNECTION 203, SOCKET_TIMEOUT 209, NETWORK_ERROR 210, MEMORY_LIMIT_EXCEEDED 241,
     * TABLE_IS_READ_ONLY 242, TOO_MANY_PARTS 252, REPLICA_IS_NOT_IN_QUORUM 286,
     * UNKNOWN_STATUS_OF_INSERT 319, UNEXPECTED_ZOOKEEPER_ERROR 999, and KEEPER_EXCEPTION 999.
     */
    static final Set<Integer> RETRYABLE_CODES =
            Set.of(159, 202, 203, 209, 210, 241, 242, 252, 286, 319, 999);

    private final List<SharedResources.Lease<Client>> copies;
    private final List<String> copyNames;
    private final String table;
    private final List<String> columns;
    private final long timeoutMillis;
    private final @Nullable String keyExpression;
    private volatile int current;

    /**
     * @param copies a client per copy of the table (one for a plain table)
     * @param copyNames per copy, the table and endpoint for messages
     * @param table the table as the INSERT names it, quoted ({@code `db`.`t`})
     * @param columns the INSERT's columns, quoted
     * @param keyExpression for {@code mutations}: the key columns as the DELETE compares them
     *     ({@code `k`} or {@code (`a`, `b`)}); null otherwise
     */
    ClickHouseInsertTarget(
            List<SharedResources.Lease<Client>> copies,
            List<String> copyNames,
            String table,
            List<String> columns,
            long timeoutMillis,
            @Nullable String keyExpression) {
        if (copies.isEmpty() || copies.size() != copyNames.size()) {
            throw new IllegalArgumentException("a name for each of at least one copy");
        }
        this.copies = List.copyOf(copies);
        this.copyNames = List.copyOf(copyNames);
        this.table = table;
        this.columns = List.copyOf(columns);
        this.timeoutMillis = timeoutMillis;
        this.keyExpression = keyExpression;
    }

    /**
     * One attempt at inserting {@code rows}.
     *
     * @return null when the server confirmed them, otherwise why they are unconfirmed (an
     *     IOException naming table and endpoint)
     * @throws IOException when the server refused them for good
     */
    @Nullable
    IOException insert(List<ClickHouseInsertRow> rows) throws IOException, InterruptedException {
        if (rows.isEmpty()) {
            return null;
        }
        int copy = current;
        String name = copyNames.get(copy);
        Client client = copies.get(copy).get();
        List<ClickHouseInsertRow> inserted = rows;
        if (keyExpression != null) {
            // mutations: the batch's keys go first; the INSERT after the mutation survives it
            String delete = deleteStatement(rows);
            if (delete != null) {
                IOException failed = attempt(rows, name, () -> client.query(delete));
                if (failed != null) {
                    return failed;
                }
            }
            inserted = rows.stream().filter(ClickHouseInsertRow::inserted).toList();
            if (inserted.isEmpty()) {
                return null;
            }
        }
        List<ClickHouseInsertRow> body = inserted;
        return attempt(
                rows,
                name,
                () ->
                        client.insert(
                                table,
                                columns,
                                new RowsInputStream(body),
                                ClickHouseFormat.RowBinary,
                                new InsertSettings()));
    }

    /** {@code ALTER TABLE t DELETE WHERE key IN (...)} of the rows' keys, or null for none. */
    @Nullable
    private String deleteStatement(List<ClickHouseInsertRow> rows) {
        StringBuilder sql = null;
        for (ClickHouseInsertRow row : rows) {
            if (row.keyLiteral() == null) {
                continue;
            }
            if (sql == null) {
                sql =
                        new StringBuilder("ALTER TABLE ")
                                .append(table)
                                .append(" DELETE WHERE ")
                                .append(keyExpression)
                                .append(" IN (");
            } else {
                sql.append(", ");
            }
            sql.append(row.keyLiteral());
        }
        return sql == null ? null : sql.append(')').toString();
    }

    /** One request: null when the server answered OK, the cause when unconfirmed. */
    @Nullable
    private IOException attempt(
            List<ClickHouseInsertRow> rows,
            String name,
            Callable<? extends CompletableFuture<? extends AutoCloseable>> request)
            throws IOException, InterruptedException {
        AutoCloseable response;
        try {
            response = request.call().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ServerException server && !isRetryable(server)) {
                throw rejected(rows, name, cause);
            }
            return unconfirmed(rows, name, cause);
        } catch (TimeoutException e) {
            return unconfirmed(rows, name, e);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e.getCause() instanceof ServerException ? e.getCause() : e;
            if (cause instanceof ServerException server && !isRetryable(server)) {
                throw rejected(rows, name, cause);
            }
            return unconfirmed(rows, name, e);
        }
        try {
            response.close();
        } catch (Exception ignored) {
            // the answer was read; closing it releases the connection only
        }
        return null;
    }

    private IOException unconfirmed(List<ClickHouseInsertRow> rows, String name, Throwable cause) {
        current = (current + 1) % copies.size(); // the next attempt tries the next copy
        return new IOException(
                "INSERT of "
                        + rows.size()
                        + " rows into "
                        + name
                        + " unconfirmed: "
                        + cause
                        + (cause instanceof ServerException server
                                ? ClickHouseServerErrors.hint(server)
                                : ""),
                cause);
    }

    private static IOException rejected(
            List<ClickHouseInsertRow> rows, String name, Throwable cause) {
        return new IOException(
                "ClickHouse rejected the INSERT of "
                        + rows.size()
                        + " rows into "
                        + name
                        + ": "
                        + cause.getMessage()
                        + (cause instanceof ServerException server
                                ? ClickHouseServerErrors.hint(server)
                                : ""),
                cause);
    }

    /**
     * Worth another attempt: the codes above, and a server error (HTTP 5xx) whose code client-v2
     * could not read (servers before 19).
     */
    static boolean isRetryable(ServerException e) {
        if (e.getCode() == ServerException.CODE_UNKNOWN) {
            return e.getTransportProtocolCode() >= 500;
        }
        return RETRYABLE_CODES.contains(e.getCode());
    }

    @Override
    public void close() throws Exception {
        Closeables.closeAll(copies);
    }

    @Override
    public String toString() {
        return String.join(" | ", copyNames);
    }

    /** The rows' bytes one after the other, read in place. */
    static final class RowsInputStream extends InputStream {
        private final List<ClickHouseInsertRow> rows;
        private int row;
        private int offset;

        RowsInputStream(List<ClickHouseInsertRow> rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            while (row < rows.size()) {
                byte[] bytes = rows.get(row).bytes();
                if (offset < bytes.length) {
                    return bytes[offset++] & 0xFF;
                }
                row++;
                offset = 0;
            }
            return -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < len && row < rows.size()) {
                byte[] bytes = rows.get(row).bytes();
                int n = Math.min(len - copied, bytes.length - offset);
                System.arraycopy(bytes, offset, into, off + copied, n);
                copied += n;
                offset += n;
                if (offset == bytes.length) {
                    row++;
                    offset = 0;
                }
            }
            return copied == 0 ? -1 : copied;
        }
    }
}
