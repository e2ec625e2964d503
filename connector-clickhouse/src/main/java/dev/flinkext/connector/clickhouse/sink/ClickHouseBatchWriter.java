package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.sink.writer.BlockingBatchWriter;
import dev.flinkext.sink.writer.WriteOutcome;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One attempt at a batch: one {@code INSERT INTO db.table (columns) FORMAT RowBinary} through
 * client-v2, its body streamed from the rows' bytes without copying them into one buffer.
 *
 * <ul>
 *   <li>The server answers OK: every row confirmed.
 *   <li>The server could not be reached, the connection broke, the answer timed out, or the server
 *       reports an error a later attempt can cure (too many parts, memory, timeouts, network, a
 *       read-only replica): every row of the batch unconfirmed; sink-core retries ({@code
 *       sink.max-retries}, capped backoff), then fails with the last cause. Whether the server
 *       stored a batch whose answer was lost is unknown: at-least-once.
 *   <li>Any other server error fails the job, naming the table, the endpoints and the server's code
 *       and message (against servers before 19 client-v2 cannot read the message: the HTTP status
 *       is named instead, see {@link #hint}).
 * </ul>
 */
final class ClickHouseBatchWriter extends BlockingBatchWriter<ClickHouseInsertRow> {

    /**
     * Server error codes worth a retry: TIMEOUT_EXCEEDED 159, TOO_MANY_SIMULTANEOUS_QUERIES 202,
     * NO_FREE_CONNECTION 203, SOCKET_TIMEOUT 209, NETWORK_ERROR 210, MEMORY_LIMIT_EXCEEDED 241,
     * TABLE_IS_READ_ONLY 242, TOO_MANY_PARTS 252, REPLICA_IS_NOT_IN_QUORUM 286,
     * UNKNOWN_STATUS_OF_INSERT 319, UNEXPECTED_ZOOKEEPER_ERROR 999, and KEEPER_EXCEPTION 999.
     */
    static final Set<Integer> RETRYABLE_CODES =
            Set.of(159, 202, 203, 209, 210, 241, 242, 252, 286, 319, 999);

    private final SharedResources.Lease<Client> client;
    private final String table;
    private final List<String> columns;
    private final String name;
    private final long timeoutMillis;

    /**
     * @param table the table as the INSERT names it, quoted ({@code `db`.`t`})
     * @param columns the INSERT's columns, quoted
     * @param name the table and endpoints, for messages
     */
    ClickHouseBatchWriter(
            SharedResources.Lease<Client> client,
            String table,
            List<String> columns,
            String name,
            long timeoutMillis,
            int threads) {
        super(name, threads);
        this.client = client;
        this.table = table;
        this.columns = columns;
        this.name = name;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    protected WriteOutcome writeBlocking(List<ClickHouseInsertRow> rows)
            throws IOException, InterruptedException {
        if (rows.isEmpty()) {
            return WriteOutcome.allConfirmed();
        }
        InsertSettings settings = new InsertSettings();
        try (InsertResponse response =
                client.get()
                        .insert(
                                table,
                                columns,
                                new RowsInputStream(rows),
                                ClickHouseFormat.RowBinary,
                                settings)
                        .get(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return WriteOutcome.allConfirmed();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ServerException server && !isRetryable(server)) {
                throw rejected(rows, cause);
            }
            return unconfirmed(rows, cause);
        } catch (TimeoutException e) {
            return unconfirmed(rows, e);
        } catch (InterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof ServerException ? e.getCause() : e;
            if (cause instanceof ServerException server && !isRetryable(server)) {
                throw rejected(rows, cause);
            }
            return unconfirmed(rows, e);
        } catch (Exception e) { // InsertResponse.close()
            return WriteOutcome.allConfirmed();
        }
    }

    private IOException rejected(List<ClickHouseInsertRow> rows, Throwable cause) {
        return new IOException(
                "ClickHouse rejected the INSERT of "
                        + rows.size()
                        + " rows into "
                        + name
                        + ": "
                        + cause.getMessage()
                        + (cause instanceof ServerException server ? hint(server) : ""),
                cause);
    }

    /**
     * client-v2 finds the server's message only in the format of servers from 19 on (it looks for
     * {@code <code>. DB::Exception:} with the code from a header older servers do not send):
     * against 18.16 every message is {@code <Unreadable error message>}. The HTTP status still
     * tells the kind of error.
     */
    static String hint(ServerException e) {
        if (e.getCode() != ServerException.CODE_UNKNOWN
                || !String.valueOf(e.getMessage()).contains("Unreadable")) {
            return "";
        }
        String kind =
                switch (e.getTransportProtocolCode()) {
                    case 404 -> "the table or database does not exist (any more)";
                    case 403, 401 -> "the user or password was refused";
                    case 400 -> "the server refused the statement or its data";
                    default -> "a server error";
                };
        return " [HTTP "
                + e.getTransportProtocolCode()
                + ": "
                + kind
                + "; client-v2 cannot read the error messages of servers before 19, see the"
                + " server's log]";
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

    private WriteOutcome unconfirmed(List<ClickHouseInsertRow> rows, Throwable cause) {
        int[] positions = new int[rows.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        return WriteOutcome.unconfirmed(
                positions,
                new IOException(
                        "INSERT of "
                                + rows.size()
                                + " rows into "
                                + name
                                + " unconfirmed: "
                                + cause
                                + (cause instanceof ServerException server ? hint(server) : ""),
                        cause));
    }

    @Override
    protected void closeClient() throws Exception {
        client.close();
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
