package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClickHouseHashes#cityHash64} against the live server's {@code cityHash64}: byte strings of
 * every length 0..300 (random bytes, high bits included, so each CityHash length branch and the
 * 64-byte loop run many times), and numbers of every kind.
 */
class CityHash64ServerTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @Test
    void byteStringsOfEveryLengthUpTo300MatchTheServer() {
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            parts.append(i == 0 ? "" : ", ")
                    .append("reinterpretAsString(intHash64(number * 41 + ")
                    .append(i)
                    .append("))");
        }
        // reinterpretAsString drops a hash's trailing zero bytes: the concatenation is random
        // bytes of about 300+ bytes, cut to every length
        List<List<String>> rows =
                CLICKHOUSE
                        .server()
                        .query(
                                "SELECT hex(s), toString(cityHash64(s)) FROM (SELECT substring("
                                        + "concat("
                                        + parts
                                        + "), 1 + number % 3, number % 301) AS s"
                                        + " FROM system.numbers LIMIT 6000)");
        Set<Integer> lengths = new TreeSet<>();
        for (List<String> row : rows) {
            byte[] bytes = HexFormat.of().parseHex(row.get(0));
            lengths.add(bytes.length);
            assertThat(Long.toUnsignedString(ClickHouseHashes.cityHash64(bytes)))
                    .as("cityHash64 of %s", row.get(0))
                    .isEqualTo(row.get(1));
        }
        assertThat(lengths).hasSize(301);
        assertThat(Long.toUnsignedString(ClickHouseHashes.cityHash64(new byte[0])))
                .isEqualTo("11160318154034397263");
    }

    @Test
    void numbersHashAsIntHash64OfTheirZeroExtendedBits() {
        List<List<String>> rows =
                CLICKHOUSE
                        .server()
                        .query(
                                "SELECT toString(cityHash64(toInt8(x))), toString(toUInt8(toInt8(x))),"
                                        + " toString(cityHash64(toInt32(x))), toString(toUInt32(toInt32(x))),"
                                        + " toString(cityHash64(x)), toString(toUInt64(x))"
                                        + " FROM (SELECT toInt64(intHash64(number)) AS x"
                                        + " FROM system.numbers LIMIT 2000)");
        for (List<String> row : rows) {
            for (int i = 0; i < 6; i += 2) {
                long zeroExtended = Long.parseUnsignedLong(row.get(i + 1));
                assertThat(Long.toUnsignedString(ClickHouseHashes.cityHash64OfNumber(zeroExtended)))
                        .isEqualTo(row.get(i));
            }
        }
    }
}
