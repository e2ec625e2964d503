package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every hash checked against the live ClickHouse server, in a few bulk queries. */
class ClickHouseHashesTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final int N = 4000;

    private static long u64(String text) {
        return Long.parseUnsignedLong(text);
    }

    @Test
    void knownValuesFromTheFacts() {
        assertThat(Long.toUnsignedString(ClickHouseHashes.murmurHash3_64("hello")))
                .isEqualTo("10432086992150038043");
        assertThat(Long.toUnsignedString(ClickHouseHashes.murmurHash3_64(1L)))
                .isEqualTo("4453723594474149964");
        assertThat(Long.toUnsignedString(ClickHouseHashes.murmurHash3_64(-5)))
                .isEqualTo("18044658311713701030");
        assertThat(ClickHouseHashes.murmurHash3_64("")).isZero();
    }

    @Test
    void integersOfEveryWidthMatchTheServer() {
        // v: large pseudo-random values and small ones around 0 (negative as signed), from
        // numbers()
        List<List<String>> rows =
                server().query(
                                "SELECT v, murmurHash3_64(toInt8(v)), murmurHash3_64(toInt16(v)),"
                                        + " murmurHash3_64(toInt32(v)), murmurHash3_64(toInt64(v)),"
                                        + " murmurHash3_64(toUInt8(v)), murmurHash3_64(toUInt16(v)),"
                                        + " murmurHash3_64(toUInt32(v)), murmurHash3_64(toUInt64(v))"
                                        + " FROM (SELECT if(number % 2 = 0, intHash64(number),"
                                        + " toUInt64(toInt64(number) - "
                                        + (N / 2)
                                        + ")) AS v FROM system.numbers LIMIT "
                                        + N
                                        + ")");
        assertThat(rows).hasSize(N);
        int negatives = 0;
        for (List<String> row : rows) {
            long v = u64(row.get(0));
            negatives += v < 0 && v > -N ? 1 : 0;
            String at = "v=" + row.get(0);
            assertThat(ClickHouseHashes.murmurHash3_64((byte) v)).as(at).isEqualTo(u64(row.get(1)));
            assertThat(ClickHouseHashes.murmurHash3_64((short) v))
                    .as(at)
                    .isEqualTo(u64(row.get(2)));
            assertThat(ClickHouseHashes.murmurHash3_64((int) v)).as(at).isEqualTo(u64(row.get(3)));
            assertThat(ClickHouseHashes.murmurHash3_64(v)).as(at).isEqualTo(u64(row.get(4)));
            assertThat(ClickHouseHashes.murmurHash3_64((byte) v)).as(at).isEqualTo(u64(row.get(5)));
            assertThat(ClickHouseHashes.murmurHash3_64((short) v))
                    .as(at)
                    .isEqualTo(u64(row.get(6)));
            assertThat(ClickHouseHashes.murmurHash3_64((int) v)).as(at).isEqualTo(u64(row.get(7)));
            assertThat(ClickHouseHashes.murmurHash3_64(v)).as(at).isEqualTo(u64(row.get(8)));
        }
        assertThat(negatives).isEqualTo(N / 4);
    }

    @Test
    void integerExtremesMatchTheServer() {
        List<List<String>> rows =
                server().query(
                                "SELECT murmurHash3_64(toInt8(-128)), murmurHash3_64(toInt8(127)),"
                                        + " murmurHash3_64(toInt16(-32768)), murmurHash3_64(toInt16(32767)),"
                                        + " murmurHash3_64(toInt32(-2147483648)),"
                                        + " murmurHash3_64(toInt32(2147483647)),"
                                        + " murmurHash3_64(toInt64(-9223372036854775808)),"
                                        + " murmurHash3_64(toInt64(9223372036854775807)),"
                                        + " murmurHash3_64(toUInt8(255)), murmurHash3_64(toUInt16(65535)),"
                                        + " murmurHash3_64(toUInt32(4294967295)),"
                                        + " murmurHash3_64(toUInt64(18446744073709551615)),"
                                        + " murmurHash3_64(toUInt8(0))");
        List<String> r = rows.get(0);
        assertThat(ClickHouseHashes.murmurHash3_64((byte) -128)).isEqualTo(u64(r.get(0)));
        assertThat(ClickHouseHashes.murmurHash3_64((byte) 127)).isEqualTo(u64(r.get(1)));
        assertThat(ClickHouseHashes.murmurHash3_64((short) -32768)).isEqualTo(u64(r.get(2)));
        assertThat(ClickHouseHashes.murmurHash3_64((short) 32767)).isEqualTo(u64(r.get(3)));
        assertThat(ClickHouseHashes.murmurHash3_64(Integer.MIN_VALUE)).isEqualTo(u64(r.get(4)));
        assertThat(ClickHouseHashes.murmurHash3_64(Integer.MAX_VALUE)).isEqualTo(u64(r.get(5)));
        assertThat(ClickHouseHashes.murmurHash3_64(Long.MIN_VALUE)).isEqualTo(u64(r.get(6)));
        assertThat(ClickHouseHashes.murmurHash3_64(Long.MAX_VALUE)).isEqualTo(u64(r.get(7)));
        assertThat(ClickHouseHashes.murmurHash3_64((byte) 255)).isEqualTo(u64(r.get(8)));
        assertThat(ClickHouseHashes.murmurHash3_64((short) 65535)).isEqualTo(u64(r.get(9)));
        assertThat(ClickHouseHashes.murmurHash3_64(-1)).isEqualTo(u64(r.get(10)));
        assertThat(ClickHouseHashes.murmurHash3_64(-1L)).isEqualTo(u64(r.get(11)));
        assertThat(ClickHouseHashes.murmurHash3_64((byte) 0)).isEqualTo(u64(r.get(12)));
    }

    @Test
    void floatsFromRandomBitsMatchTheServer() {
        // the server builds each float from the bits of v, so no decimal text is parsed
        List<List<String>> rows =
                server().query(
                                "SELECT v, murmurHash3_64(reinterpretAsFloat64(reinterpretAsString(v))),"
                                        + " murmurHash3_64(reinterpretAsFloat32(reinterpretAsString(toUInt32(v))))"
                                        + " FROM (SELECT intHash64(number + 1000000) AS v"
                                        + " FROM system.numbers LIMIT "
                                        + N
                                        + ")");
        assertThat(rows).hasSize(N);
        for (List<String> row : rows) {
            long v = u64(row.get(0));
            double d = Double.longBitsToDouble(v);
            float f = Float.intBitsToFloat((int) v);
            String at = "v=" + row.get(0);
            assertThat(ClickHouseHashes.murmurHash3_64(v)).as(at).isEqualTo(u64(row.get(1)));
            assertThat(ClickHouseHashes.murmurHash3_64((int) v)).as(at).isEqualTo(u64(row.get(2)));
            if (!Double.isNaN(d)) {
                assertThat(ClickHouseHashes.murmurHash3_64(d)).as(at).isEqualTo(u64(row.get(1)));
            }
            if (!Float.isNaN(f)) {
                assertThat(ClickHouseHashes.murmurHash3_64(f)).as(at).isEqualTo(u64(row.get(2)));
            }
        }
    }

    @Test
    void specialFloatsMatchTheServer() {
        double[] doubles = {
            0.0,
            -0.0,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            1.0,
            -1.5,
            0.1,
            1e300,
            -2.5e-300,
            123456.789
        };
        String[] sql = {
            "0.", "-0.", "inf", "-inf", "1.", "-1.5", "0.1", "1e300", "-2.5e-300", "123456.789"
        };
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < sql.length; i++) {
            q.append("murmurHash3_64(toFloat64(").append(sql[i]).append(")), ");
            q.append("murmurHash3_64(toFloat32(").append(sql[i]).append(")), ");
        }
        q.append("murmurHash3_64(toFloat64(nan)), murmurHash3_64(toFloat32(nan)),");
        q.append(" hex(reinterpretAsString(toFloat64(nan)))");
        List<String> r = server().query(q.toString()).get(0);
        for (int i = 0; i < doubles.length; i++) {
            String at = sql[i];
            assertThat(ClickHouseHashes.murmurHash3_64(doubles[i]))
                    .as(at)
                    .isEqualTo(u64(r.get(2 * i)));
            assertThat(ClickHouseHashes.murmurHash3_64((float) doubles[i]))
                    .as(at)
                    .isEqualTo(u64(r.get(2 * i + 1)));
        }
        int nan = 2 * doubles.length;
        // ClickHouse's nan is the canonical quiet NaN, the same bits as Java's Double.NaN
        assertThat(ClickHouseHashes.murmurHash3_64(Double.NaN)).isEqualTo(u64(r.get(nan)));
        assertThat(ClickHouseHashes.murmurHash3_64(Float.NaN)).isEqualTo(u64(r.get(nan + 1)));
        assertThat(r.get(nan + 2)).isEqualTo("000000000000F87F");
        assertThat(ClickHouseHashes.murmurHash3_64(-0.0))
                .isNotEqualTo(ClickHouseHashes.murmurHash3_64(0.0));
    }

    @Test
    void stringsOfLength0To200MatchTheServer() {
        Random random = new Random(20261203L);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            int length = i % 201;
            StringBuilder s = new StringBuilder();
            int kind = i % 3; // ASCII, BMP, any code point
            while (s.length() < length) {
                int cp;
                if (kind == 0) {
                    cp = random.nextInt(128);
                } else if (kind == 1) {
                    cp = random.nextInt(0xD800);
                } else {
                    cp = random.nextInt(0x110000);
                    if (cp >= 0xD800 && cp < 0xE000) {
                        continue;
                    }
                }
                s.appendCodePoint(cp);
            }
            values.add(s.toString());
        }
        values.add("");
        values.add("hello");
        values.add("ü€😀");
        server().execute("CREATE TABLE strings (id UInt32, s String) ENGINE = Memory");
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            tsv.append(i).append('\t').append(escape(values.get(i))).append('\n');
        }
        server().insert("INSERT INTO strings FORMAT TabSeparated", tsv.toString());
        List<List<String>> rows =
                server().query("SELECT id, length(s), murmurHash3_64(s) FROM strings ORDER BY id");
        assertThat(rows).hasSize(values.size());
        for (List<String> row : rows) {
            String s = values.get(Integer.parseInt(row.get(0)));
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Integer.parseInt(row.get(1))).as("bytes stored").isEqualTo(utf8.length);
            assertThat(ClickHouseHashes.murmurHash3_64(s)).as(s).isEqualTo(u64(row.get(2)));
            // the same bytes at an offset inside a larger array
            byte[] padded = new byte[utf8.length + 7];
            System.arraycopy(utf8, 0, padded, 3, utf8.length);
            assertThat(ClickHouseHashes.murmurHash3_64(padded, 3, utf8.length))
                    .as(s)
                    .isEqualTo(u64(row.get(2)));
        }
    }

    @Test
    void intHash64MatchesTheServer() {
        List<List<String>> rows =
                server().query(
                                "SELECT v, intHash64(v) FROM (SELECT if(number % 2 = 0, number,"
                                        + " murmurHash3_64(number)) AS v FROM system.numbers LIMIT "
                                        + N
                                        + ")");
        assertThat(rows).hasSize(N);
        for (List<String> row : rows) {
            assertThat(ClickHouseHashes.intHash64(u64(row.get(0))))
                    .as("v=" + row.get(0))
                    .isEqualTo(u64(row.get(1)));
        }
        List<String> r =
                server().query(
                                "SELECT intHash64(toUInt64(0)), intHash64(toUInt64(18446744073709551615)),"
                                        + " intHash64(toInt32(-5)), intHash64(toUInt8(200))")
                        .get(0);
        assertThat(ClickHouseHashes.intHash64(0)).isEqualTo(u64(r.get(0)));
        assertThat(ClickHouseHashes.intHash64(-1L)).isEqualTo(u64(r.get(1)));
        assertThat(ClickHouseHashes.intHash64(-5L)).isEqualTo(u64(r.get(2)));
        assertThat(ClickHouseHashes.intHash64(200)).isEqualTo(u64(r.get(3)));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static ClickHouseServer server() {
        return CLICKHOUSE.server();
    }
}
