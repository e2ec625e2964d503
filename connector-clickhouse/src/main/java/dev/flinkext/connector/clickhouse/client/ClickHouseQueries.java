package dev.flinkext.connector.clickhouse.client;

import dev.flinkext.connector.clickhouse.mapping.RowBinaryInput;

import com.clickhouse.client.api.Client;
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
     * @param where the table and endpoints, naming them in the error
     * @throws IOException on any failure, naming {@code where} and the server's message
     */
    public static void streamRowBinary(
            Client client, String sql, long timeoutMillis, String where, RowBinaryRows rows)
            throws IOException {
        try (QueryResponse response =
                client.query(sql, new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                        .get(timeoutMillis, TimeUnit.MILLISECONDS)) {
            RowBinaryInput in =
                    new RowBinaryInput(new BufferedInputStream(response.getInputStream(), 1 << 16));
            while (!in.atEnd()) {
                rows.readRow(in);
            }
        } catch (ExecutionException e) {
            throw failed(where, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(where, e);
        } catch (IOException | RuntimeException | TimeoutException e) {
            throw failed(where, e);
        } catch (Exception e) { // QueryResponse.close()
            throw failed(where, e);
        }
    }

    private static IOException failed(String where, Throwable cause) {
        return new IOException(
                "Reading ClickHouse table " + where + " failed: " + cause.getMessage(), cause);
    }
}
