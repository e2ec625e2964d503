package dev.flinkext.testing.clickhouse.chdb;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of chdb's C API ({@code chdb.h} of chdb-core 26.7, the engine of npm {@code chdb} 3.4.0;
 * the npm package ships no header, so the signatures were checked against the symbols {@code
 * libchdb.so} exports) that {@link ChdbEngine} uses. {@code size_t} is a Java {@code long}: the
 * library exists for x86-64 only.
 */
interface ChdbNative extends Library {

    /** {@code const char *chdb_version(void)}, e.g. {@code 26.7.0}. */
    String chdb_version();

    /**
     * {@code void chdb_set_signal_handlers_enabled(int)}: 0 before the first connect keeps
     * ClickHouse from installing process-wide signal handlers (the JVM's own SIGSEGV, SIGBUS,
     * SIGFPE, SIGQUIT handling must stay in place).
     */
    void chdb_set_signal_handlers_enabled(int enabled);

    /** {@code chdb_connection *chdb_connect(int argc, char **argv)}; NULL on failure. */
    Pointer chdb_connect(int argc, String[] argv);

    /** {@code void chdb_close_conn(chdb_connection *conn)}. */
    void chdb_close_conn(Pointer connection);

    /**
     * {@code chdb_result *chdb_query_n(chdb_connection conn, const char *query, size_t query_len,
     * const char *format, size_t format_len)}: binary-safe.
     */
    Pointer chdb_query_n(
            Pointer connection, byte[] query, long queryLength, byte[] format, long formatLength);

    /** {@code char *chdb_result_buffer(chdb_result *)}. */
    Pointer chdb_result_buffer(Pointer result);

    /** {@code size_t chdb_result_length(chdb_result *)}. */
    long chdb_result_length(Pointer result);

    /** {@code uint64_t chdb_result_rows_written(chdb_result *)}. */
    long chdb_result_rows_written(Pointer result);

    /** {@code const char *chdb_result_error(chdb_result *)}: NULL when the query succeeded. */
    Pointer chdb_result_error(Pointer result);

    /** {@code void chdb_destroy_query_result(chdb_result *)}. */
    void chdb_destroy_query_result(Pointer result);

    /**
     * {@code chdb_insert_stream chdb_stream_insert_n(chdb_connection conn, const char *query,
     * size_t query_len, const char *format, size_t format_len)}: an INSERT without FORMAT clause;
     * never NULL, check {@link #chdb_stream_insert_error}.
     */
    Pointer chdb_stream_insert_n(
            Pointer connection, byte[] query, long queryLength, byte[] format, long formatLength);

    /**
     * {@code chdb_state chdb_stream_append(chdb_insert_stream, const void *data, size_t len)}: 0 =
     * CHDBSuccess, 1 = CHDBError; the data is copied.
     */
    int chdb_stream_append(Pointer stream, Pointer data, long length);

    /**
     * {@code chdb_result *chdb_stream_done(chdb_insert_stream)}: commits; rows written or error.
     */
    Pointer chdb_stream_done(Pointer stream);

    /** {@code const char *chdb_stream_insert_error(chdb_insert_stream)}: NULL if none. */
    Pointer chdb_stream_insert_error(Pointer stream);

    /** {@code void chdb_destroy_insert_stream(chdb_insert_stream)}: cancels if not finished. */
    void chdb_destroy_insert_stream(Pointer stream);
}
