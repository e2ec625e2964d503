package dev.flinkext.testing.clickhouse.chdb;

import dev.flinkext.testing.clickhouse.TabSeparated;
import dev.flinkext.testing.process.TempDirs;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A modern ClickHouse (26.7, the engine of npm {@code chdb} {@value ChdbLibrary#CHDB_VERSION})
 * inside the test JVM, for what Debian's 18.16 server lacks: DateTime64, Map, Bool, Date32,
 * LowCardinality without the experimental setting, ... There is no network server: statements go
 * straight to the engine through its C API (JNA).
 *
 * <pre>{@code
 * try (ChdbEngine engine = ChdbEngine.open()) {
 *     engine.execute("CREATE TABLE t (a DateTime64(3, 'UTC'), m Map(String, Int32)) ENGINE = Memory");
 *     engine.insertRowBinary("t", rowBinaryBytes);
 *     List<List<String>> rows = engine.queryRows("SELECT * FROM t");
 * }
 * }</pre>
 *
 * <p>One engine (one storage folder, removed when the JVM exits) serves the whole JVM; every {@code
 * ChdbEngine} is a connection of its own with a database of its own, made current for it and
 * dropped by {@link #close()}, so test classes do not see each other's tables. ClickHouse's signal
 * handlers are switched off before the engine starts: the JVM keeps its own (it needs SIGSEGV for
 * null checks and safepoints). A connection runs one statement at a time; the methods are
 * synchronized.
 */
public final class ChdbEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChdbEngine.class);
    private static final int APPEND_CHUNK = 1 << 20;
    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NODELETE = 0x1000;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static ChdbNative lib;
    private static Path storage;

    private final ChdbNative api;
    private final Pointer connectionHandle; // chdb_connection *
    private final Pointer connection; // chdb_connection
    private final String database;
    private boolean closed;

    private ChdbEngine(ChdbNative api, Pointer connectionHandle, String database) {
        this.api = api;
        this.connectionHandle = connectionHandle;
        this.connection = connectionHandle.getPointer(0);
        this.database = database;
    }

    /**
     * Opens a connection with a fresh database of its own (loading the library and starting the
     * engine first if this is the JVM's first). Installs chdb into the cache if needed ({@link
     * ChdbLibrary#locate()}).
     */
    public static ChdbEngine open() {
        long start = System.nanoTime();
        ChdbNative api;
        Path path;
        synchronized (ChdbEngine.class) {
            api = load();
            path = storage;
        }
        // the query profilers send SIGPROF/SIGRTMIN-based timer signals to the threads they
        // sample; they are of no use in tests, and no signal should reach a JVM thread
        String[] argv = {
            "clickhouse",
            "--path=" + path,
            "--query_profiler_real_time_period_ns=0",
            "--query_profiler_cpu_time_period_ns=0"
        };
        Pointer handle = api.chdb_connect(argv.length, argv);
        if (handle == null || handle.getPointer(0) == null) {
            throw new IllegalStateException(
                    "chdb_connect(--path=" + path + ") failed (chdb writes why on stderr)");
        }
        String database =
                "flinkext_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        ChdbEngine engine = new ChdbEngine(api, handle, database);
        try {
            engine.execute("CREATE DATABASE " + database + " ENGINE = Atomic");
            engine.execute("USE " + database);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        LOG.info(
                "chdb connection open in {} ms, database {}, storage {}",
                Duration.ofNanos(System.nanoTime() - start).toMillis(),
                database,
                path);
        return engine;
    }

    private static ChdbNative load() {
        if (lib == null) {
            Path library = ChdbLibrary.locate();
            long start = System.nanoTime();
            // RTLD_NODELETE: JNA dlcloses its libraries when the JVM exits, while ClickHouse's
            // threads still run and their thread_local destructors are registered: unmapping the
            // library then crashed the exiting JVM with SIGSEGV (most runs, measured here).
            ChdbNative loaded =
                    Native.load(
                            library.toString(),
                            ChdbNative.class,
                            Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NODELETE));
            loaded.chdb_set_signal_handlers_enabled(0);
            Path dir = TempDirs.create("chdb");
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> TempDirs.deleteQuietly(dir), "chdb-cleanup"));
            LOG.info(
                    "libchdb {} loaded from {} in {} ms",
                    loaded.chdb_version(),
                    library,
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            storage = dir;
            lib = loaded;
        }
        return lib;
    }

    /** The library's version, e.g. {@code 26.7.0}. */
    public String libraryVersion() {
        return api.chdb_version();
    }

    /** What {@code SELECT version()} says. */
    public String version() {
        return queryRows("SELECT version()").get(0).get(0);
    }

    /** This connection's own database (current for unqualified names), dropped on close. */
    public String database() {
        return database;
    }

    /** Runs a statement (DDL, {@code INSERT ... VALUES}, ...). */
    public void execute(String sql) {
        run(sql, "TabSeparated", false);
    }

    /** The result of {@code sql} as text, in TabSeparated (ClickHouse's escaping). */
    public String query(String sql) {
        return query(sql, "TabSeparated");
    }

    /** The result of {@code sql} as UTF-8 text in {@code format}, e.g. {@code JSONEachRow}. */
    public String query(String sql, String format) {
        return new String(queryBytes(sql, format), StandardCharsets.UTF_8);
    }

    /**
     * The rows of {@code sql}, each a list of its cells read from TabSeparated (unescaped; SQL NULL
     * is {@code null}).
     */
    public List<List<String>> queryRows(String sql) {
        return TabSeparated.parse(query(sql, "TabSeparated"));
    }

    /** The result of {@code sql} as bytes in {@code format}, e.g. {@code RowBinary}. */
    public byte[] queryBytes(String sql, String format) {
        return run(sql, format, true).bytes;
    }

    /** Runs one statement; the rows it wrote, and its output when {@code wantBytes}. */
    private synchronized Outcome run(String sql, String format, boolean wantBytes) {
        checkOpen();
        byte[] query = sql.getBytes(StandardCharsets.UTF_8);
        byte[] fmt = format.getBytes(StandardCharsets.UTF_8);
        Pointer result = api.chdb_query_n(connection, query, query.length, fmt, fmt.length);
        if (result == null) {
            throw new ChdbException("chdb_query_n returned no result", sql);
        }
        try {
            Pointer error = api.chdb_result_error(result);
            if (error != null) {
                throw new ChdbException(error.getString(0, "UTF-8"), sql);
            }
            long length = api.chdb_result_length(result);
            Pointer buffer = api.chdb_result_buffer(result);
            byte[] bytes =
                    !wantBytes || length == 0 || buffer == null
                            ? new byte[0]
                            : buffer.getByteArray(0, Math.toIntExact(length));
            return new Outcome(bytes, api.chdb_result_rows_written(result));
        } finally {
            api.chdb_destroy_query_result(result);
        }
    }

    private record Outcome(byte[] bytes, long rowsWritten) {}

    /**
     * Inserts {@code rows}, RowBinary-encoded for the table's columns in their order, into {@code
     * table}; returns the rows written.
     */
    public long insertRowBinary(String table, byte[] rows) {
        return insert("INSERT INTO " + table, "RowBinary", rows);
    }

    /**
     * Inserts {@code rows}, RowBinary-encoded for {@code structure} (e.g. {@code "a DateTime64(3),
     * b Map(String, Int32)"}, ClickHouse's {@code input()} table function), into {@code table}: the
     * values are converted to the table's column types as {@code INSERT ... SELECT} would.
     */
    public long insertRowBinary(String table, String structure, byte[] rows) {
        // input() hangs in chdb 3.4.0 (chdb_query_n never returns: it waits for a client stream)
        // and the streaming INSERT refuses INSERT ... SELECT: the bytes go through a file
        Path file = storage.resolve("input-" + DATABASES.incrementAndGet() + ".bin");
        try {
            Files.write(file, rows);
            return run(
                            "INSERT INTO "
                                    + table
                                    + " SELECT * FROM file("
                                    + quote(file.toString())
                                    + ", 'RowBinary', "
                                    + quote(structure)
                                    + ")",
                            "TabSeparated",
                            false)
                    .rowsWritten;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // in the engine's storage folder, removed at exit
            }
        }
    }

    /** {@code text} as a ClickHouse string literal. */
    public static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * Streams {@code data} in {@code format} into {@code insertSql}, an INSERT without FORMAT
     * clause (e.g. {@code INSERT INTO t (a, b)}); returns the rows written.
     */
    public synchronized long insert(String insertSql, String format, byte[] data) {
        checkOpen();
        byte[] query = insertSql.getBytes(StandardCharsets.UTF_8);
        byte[] fmt = format.getBytes(StandardCharsets.UTF_8);
        Pointer stream = api.chdb_stream_insert_n(connection, query, query.length, fmt, fmt.length);
        if (stream == null) {
            throw new ChdbException("chdb_stream_insert_n returned no stream", insertSql);
        }
        try {
            checkStream(stream, insertSql);
            if (data.length > 0) {
                try (Memory chunk = new Memory(Math.min(data.length, APPEND_CHUNK))) {
                    for (int offset = 0; offset < data.length; offset += APPEND_CHUNK) {
                        int length = Math.min(APPEND_CHUNK, data.length - offset);
                        chunk.write(0, data, offset, length);
                        if (api.chdb_stream_append(stream, chunk, length) != 0) {
                            checkStream(stream, insertSql);
                            throw new ChdbException("chdb_stream_append failed", insertSql);
                        }
                    }
                }
            }
            Pointer result = api.chdb_stream_done(stream);
            if (result == null) {
                checkStream(stream, insertSql);
                throw new ChdbException("chdb_stream_done returned no result", insertSql);
            }
            try {
                Pointer error = api.chdb_result_error(result);
                if (error != null) {
                    throw new ChdbException(error.getString(0, "UTF-8"), insertSql);
                }
                return api.chdb_result_rows_written(result);
            } finally {
                api.chdb_destroy_query_result(result);
            }
        } finally {
            api.chdb_destroy_insert_stream(stream);
        }
    }

    private void checkStream(Pointer stream, String sql) {
        Pointer error = api.chdb_stream_insert_error(stream);
        if (error != null) {
            throw new ChdbException(error.getString(0, "UTF-8"), sql);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ChdbEngine (database " + database + ") is closed");
        }
    }

    /** Drops this connection's database and closes the connection; the engine stays up. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            run("DROP DATABASE IF EXISTS " + database + " SYNC", "TabSeparated", false);
        } catch (RuntimeException e) {
            LOG.warn("Could not drop chdb database {}", database, e);
        } finally {
            closed = true;
            api.chdb_close_conn(connectionHandle);
        }
    }
}
