package dev.flinkext.connector.clickhouse.client;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryInput;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reading query results in RowBinary, streamed: what lookups, full loads and scans share. */
public final class ClickHouseQueries {

    private ClickHouseQueries() {}

    /** Takes the rows of a result one by one from the stream. */
    @FunctionalInterface
    public interface RowBinaryRows {
        /** Reads exactly one row from {@code in}. */
        void readRow(RowBinaryInput in) throws IOException;
    }

    /**
     * Runs {@code sql} (which must end in {@code FORMAT RowBinary}: 18.16 ignores the format the
     * client asks for) and hands each row to {@code rows}, never holding the whole result.
     *
     * @param connection the options {@code client} was built with (its timeout; an error 18.16's
     *     client cannot read is recovered at its first endpoint, {@link ClickHouseServerErrors})
     * @param where the table and endpoints, naming them in the error
     * @throws IOException on any failure, naming {@code where} and the server's message
     */
    public static void streamRowBinary(
            Client client,
            ClickHouseConnectionOptions connection,
            String sql,
            String where,
            RowBinaryRows rows)
            throws IOException {
        try (OpenResult result = open(client, connection, sql, where)) {
            RowBinaryInput in = result.input();
            while (!in.atEnd()) {
                rows.readRow(in);
            }
        } catch (IOException | RuntimeException e) {
            throw e instanceof IOException io
                            && io.getMessage() != null
                            && io.getMessage().startsWith(PREFIX)
                    ? io
                    : failed(where, e);
        }
    }

    /**
     * A result being read: its rows are taken from {@link #input()} at the reader's pace (a scan
     * reads a split's rows over many fetches); close it to end the request.
     */
    public static final class OpenResult implements AutoCloseable {
        private final QueryResponse response;
        private final RowBinaryInput input;

        private OpenResult(QueryResponse response) {
            this.response = response;
            this.input =
                    new RowBinaryInput(new BufferedInputStream(response.getInputStream(), 1 << 16));
        }

        public RowBinaryInput input() {
            return input;
        }

        @Override
        public void close() throws IOException {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /**
     * Sends {@code sql} (ending in {@code FORMAT RowBinary}) and returns once the server started to
     * answer.
     *
     * @param connection the options {@code client} was built with (see {@link #streamRowBinary})
     * @throws IOException naming {@code where} and the server's message
     */
    public static OpenResult open(
            Client client, ClickHouseConnectionOptions connection, String sql, String where)
            throws IOException {
        try {
            return new OpenResult(
                    client.query(sql, new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                            .get(connection.socketTimeout().toMillis() * 2, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(where, e);
        } catch (ExecutionException | RuntimeException | TimeoutException e) {
            // client-v2 throws server errors from query() itself, or through the future
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (ClickHouseServerErrors.isUnreadable(cause)) {
                String message =
                        ClickHouseServerErrors.messageOfRead(
                                        connection, connection.endpoints().get(0), sql)
                                .orElseGet(
                                        () ->
                                                cause.getMessage()
                                                        + ClickHouseServerErrors.hint(
                                                                (ServerException) cause));
                throw new IOException(PREFIX + where + " failed: " + message, cause);
            }
            throw failed(where, cause);
        }
    }

    private static final String PREFIX = "Reading ClickHouse table ";

    /** The error of a failed read, naming the table, the endpoints and the server's message. */
    public static IOException failed(String where, Throwable cause) {
        return new IOException(PREFIX + where + " failed: " + cause.getMessage(), cause);
    }
}
