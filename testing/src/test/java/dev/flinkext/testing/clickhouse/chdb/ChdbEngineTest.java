package dev.flinkext.testing.clickhouse.chdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * chdb (ClickHouse 26.7) reads hand-written RowBinary for the types Debian's 18.16 server lacks,
 * exactly as connector-clickhouse will write them.
 */
class ChdbEngineTest {

    private static final Logger LOG = LoggerFactory.getLogger(ChdbEngineTest.class);

    @RegisterExtension static final ChdbExtension CHDB = new ChdbExtension();

    @Test
    void isAModernClickHouse(ChdbEngine engine) {
        LOG.info(
                "chdb SELECT version() = {}, library {}",
                engine.version(),
                engine.libraryVersion());
        assertThat(engine.version()).startsWith("26.");
        assertThat(engine.queryRows("SELECT currentDatabase()"))
                .containsExactly(List.of(engine.database()));
    }

    @Test
    void readsRowBinaryOfTheTypesThe1816ServerLacks(ChdbEngine engine) {
        engine.execute(
                "CREATE TABLE modern (ts DateTime64(3, 'UTC'), attrs Map(String, Int32), flag Bool,"
                        + " id UUID, day Date32, tag LowCardinality(String), note Nullable(String))"
                        + " ENGINE = MergeTree ORDER BY ts");
        UUID id = UUID.fromString("61f0c404-5cb3-11e7-907b-a6006ad3dba0");
        RowBinary rows = new RowBinary();
        // row 1
        rows.int64(1_700_000_000_123L) // 2023-11-14 22:13:20.123 UTC
                .varUInt(2)
                .string("a")
                .int32(1)
                .string("ü€")
                .int32(-7)
                .uint8(1)
                .uuid(id)
                .int32((int) LocalDate.of(1900, 1, 1).toEpochDay()) // before 1970: Date32 only
                .string("red") // LowCardinality(T) is T in RowBinary
                .uint8(1); // NULL
        // row 2
        rows.int64(-1) // 1969-12-31 23:59:59.999
                .varUInt(0)
                .uint8(0)
                .uuid(new UUID(0, 0))
                .int32((int) LocalDate.of(2299, 12, 31).toEpochDay())
                .string("")
                .uint8(0)
                .string("tab\there");

        assertThat(engine.insertRowBinary("modern", rows.bytes())).isEqualTo(2);

        assertThat(
                        engine.queryRows(
                                "SELECT ts, attrs, flag, id, day, tag, note, toTypeName(tag),"
                                        + " toUnixTimestamp64Milli(ts), attrs['ü€']"
                                        + " FROM modern ORDER BY ts DESC"))
                .containsExactly(
                        java.util.Arrays.asList(
                                "2023-11-14 22:13:20.123",
                                "{'a':1,'ü€':-7}",
                                "true",
                                "61f0c404-5cb3-11e7-907b-a6006ad3dba0",
                                "1900-01-01",
                                "red",
                                null,
                                "LowCardinality(String)",
                                "1700000000123",
                                "-7"),
                        List.of(
                                "1969-12-31 23:59:59.999",
                                "{}",
                                "false",
                                "00000000-0000-0000-0000-000000000000",
                                "2299-12-31",
                                "",
                                "tab\there",
                                "LowCardinality(String)",
                                "-1",
                                "0"));
        // and back out in RowBinary: the same bytes
        assertThat(engine.queryBytes("SELECT * FROM modern ORDER BY ts DESC", "RowBinary"))
                .isEqualTo(rows.bytes());
    }

    @Test
    void convertsBytesOfAnotherStructureToTheTablesTypes(ChdbEngine engine) {
        engine.execute("CREATE TABLE widened (k UInt64, s LowCardinality(String)) ENGINE = Memory");
        byte[] rows = new RowBinary().uint8(200).string("x").uint8(7).string("y").bytes();

        long written = engine.insertRowBinary("widened", "k UInt8, s String", rows);

        assertThat(written).isEqualTo(2);
        // 26.x no longer quotes 64-bit integers in JSON by default
        assertThat(engine.query("SELECT k, s FROM widened ORDER BY k", "JSONEachRow"))
                .isEqualTo("{\"k\":7,\"s\":\"y\"}\n{\"k\":200,\"s\":\"x\"}\n");
        assertThat(engine.queryRows("SELECT toTypeName(k), toTypeName(s) FROM widened LIMIT 1"))
                .containsExactly(List.of("UInt64", "LowCardinality(String)"));
    }

    @Test
    void insertsIntoAColumnListWithDefaultsForTheRest(ChdbEngine engine) {
        engine.execute(
                "CREATE TABLE partial (k UInt32, ip IPv4, d Decimal(38, 10) DEFAULT 1.5,"
                        + " inserted DateTime64(6, 'UTC') DEFAULT '2020-01-01 00:00:00.000001')"
                        + " ENGINE = Memory");
        // IPv4 is a UInt32 little-endian in RowBinary: 10.0.0.1
        byte[] rows = new RowBinary().int32(42).int32(0x0A000001).bytes();

        assertThat(engine.insert("INSERT INTO partial (k, ip)", "RowBinary", rows)).isEqualTo(1);

        assertThat(engine.queryRows("SELECT k, ip, d, inserted FROM partial"))
                .containsExactly(List.of("42", "10.0.0.1", "1.5", "2020-01-01 00:00:00.000001"));
    }

    @Test
    void failsWithChdbsMessage(ChdbEngine engine) {
        engine.execute("CREATE TABLE strict (ts DateTime64(3)) ENGINE = Memory");

        assertThatThrownBy(() -> engine.insertRowBinary("strict", new byte[] {1, 2, 3}))
                .isInstanceOf(ChdbException.class)
                .hasMessageContaining("CANNOT_READ_ALL_DATA")
                .hasMessageContaining("INSERT INTO strict");
        assertThatThrownBy(() -> engine.execute("SELECT no_such_column FROM strict"))
                .isInstanceOf(ChdbException.class)
                .hasMessageContaining("UNKNOWN_IDENTIFIER")
                .satisfies(
                        e ->
                                assertThat(((ChdbException) e).chdbMessage())
                                        .contains("no_such_column"));
        // the connection is still usable
        assertThat(engine.queryRows("SELECT count() FROM strict")).containsExactly(List.of("0"));
    }

    @Test
    void everyEngineHasItsOwnDatabase(ChdbEngine engine) throws Exception {
        engine.execute("CREATE TABLE mine (k UInt8) ENGINE = Memory");
        String other;
        try (ChdbEngine second = CHDB.startUnmanaged()) {
            other = second.database();
            assertThat(other).isNotEqualTo(engine.database());
            assertThat(second.queryRows("SHOW TABLES")).isEmpty();
            second.execute("CREATE TABLE mine (k UInt8) ENGINE = Memory");
        }
        assertThat(
                        engine.queryRows(
                                "SELECT count() FROM system.databases WHERE name = '"
                                        + other
                                        + "'"))
                .containsExactly(List.of("0"));
        ChdbEngine closed = CHDB.startUnmanaged();
        closed.close();
        closed.close(); // idempotent
        assertThatThrownBy(() -> closed.execute("SELECT 1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theJvmKeepsItsOwnSignalHandling(ChdbEngine engine) {
        // Compiled Java code turns a null dereference into SIGSEGV, handled by the JVM as a
        // NullPointerException. ClickHouse's handlers (off in ChdbEngine) hung the JVM here.
        int npes = 0;
        for (int i = 0; i < 1_000_000; i++) {
            try {
                npes += length(i % 2 == 0 ? null : "x");
            } catch (NullPointerException e) {
                npes++;
            }
        }
        System.gc();
        assertThat(npes).isEqualTo(1_000_000);
        assertThat(engine.queryRows("SELECT sum(number) FROM numbers(1000000)"))
                .containsExactly(List.of("499999500000"));
        // and no profiler timer signals
        assertThat(
                        engine.queryRows(
                                "SELECT getSetting('query_profiler_real_time_period_ns'),"
                                        + " getSetting('query_profiler_cpu_time_period_ns')"))
                .containsExactly(List.of("0", "0"));
    }

    @Test
    void streamsLargeInputs(ChdbEngine engine) {
        engine.execute("CREATE TABLE big (k UInt32, s String) ENGINE = Memory");
        RowBinary rows = new RowBinary();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            rows.int32(i).string("value-" + i);
        }
        byte[] bytes = rows.bytes();
        long start = System.nanoTime();
        assertThat(engine.insertRowBinary("big", bytes)).isEqualTo(n);
        LOG.info(
                "chdb: {} rows ({} bytes) of RowBinary inserted in {} ms",
                n,
                bytes.length,
                (System.nanoTime() - start) / 1_000_000);
        assertThat(engine.queryRows("SELECT count(), sum(k), max(s) FROM big"))
                .containsExactly(
                        List.of(
                                Integer.toString(n),
                                Long.toString((long) n * (n - 1) / 2),
                                "value-99999"));
    }

    @Test
    void quotesStringLiterals() {
        assertThat(ChdbEngine.quote("it's a \\ path")).isEqualTo("'it\\'s a \\\\ path'");
    }

    @Test
    void reportsItsResidentMemory() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("Threads")) {
                LOG.info("test JVM with chdb: {}", line.replaceAll("\\s+", " "));
            }
        }
    }

    private static int length(String s) {
        return s.length();
    }

    /** Hand-written RowBinary: little-endian fixed widths, LEB128 lengths. */
    static final class RowBinary {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        RowBinary uint8(int v) {
            out.write(v);
            return this;
        }

        RowBinary int32(int v) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
            return this;
        }

        RowBinary int64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        RowBinary varUInt(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        RowBinary string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varUInt(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        /** ClickHouse's UUID: the high 64 bits, then the low 64 bits, each little-endian. */
        RowBinary uuid(UUID id) {
            return int64(id.getMostSignificantBits()).int64(id.getLeastSignificantBits());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
