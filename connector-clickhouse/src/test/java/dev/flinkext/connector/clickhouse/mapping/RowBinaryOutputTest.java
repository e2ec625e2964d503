package dev.flinkext.connector.clickhouse.mapping;

import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.apache.flink.table.data.StringData;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowBinaryOutputTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @Test
    void littleEndianNumbersAndVarints() {
        RowBinaryOutput out = new RowBinaryOutput(1);
        out.writeInt16(0x0102);
        out.writeInt32(0x01020304);
        out.writeInt64(-2L);
        out.writeVarUInt(0);
        out.writeVarUInt(127);
        out.writeVarUInt(128);
        out.writeVarUInt(300);
        out.writeVarUInt(-1L); // 2^64 - 1: ten bytes
        assertThat(out.toByteArray())
                .containsExactly(
                        0x02, 0x01, 0x04, 0x03, 0x02, 0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0x00, 0x7F, 0x80, 0x01, 0xAC, 0x02, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        out.reset();
        assertThat(out.size()).isZero();
    }

    @Test
    void fixedStringIsPaddedAndRefusesLongerValues() {
        RowBinaryOutput out = new RowBinaryOutput(4);
        out.writeFixedString(new byte[] {'a', 'b'}, 4);
        assertThat(out.toByteArray()).containsExactly('a', 'b', 0, 0);
        assertThatThrownBy(() -> out.writeFixedString(new byte[5], 4))
                .hasMessageContaining("FixedString(4)");
    }

    @Test
    void theServerReadsWhatItWrites() throws Exception {
        CLICKHOUSE
                .server()
                .execute(
                        "CREATE TABLE default.rowbinary_probe (i8 Int8, u16 UInt16, i32 Int32,"
                                + " u64 UInt64, f32 Float32, f64 Float64, s String,"
                                + " fs FixedString(3), a Array(String))"
                                + " ENGINE = MergeTree ORDER BY i32");
        RowBinaryOutput out = new RowBinaryOutput(16);
        String longText = "ü".repeat(200); // a two-byte varint length
        out.writeInt8(-128);
        out.writeInt16(65535);
        out.writeInt32(Integer.MIN_VALUE);
        out.writeInt64(-1L); // UInt64 max
        out.writeFloat32(-0.0f);
        out.writeFloat64(Double.NEGATIVE_INFINITY);
        out.writeString(StringData.fromString(longText));
        out.writeFixedString("xy".getBytes(StandardCharsets.UTF_8), 3);
        out.writeVarUInt(2);
        out.writeString(StringData.fromString(""));
        out.writeString("日本".getBytes(StandardCharsets.UTF_8));
        try (Client client =
                ClickHouseClients.create(
                        ClickHouseConnectionOptions.builder(CLICKHOUSE.server().httpUrl())
                                .build())) {
            client.insert(
                            "default.rowbinary_probe",
                            out.asInputStream(),
                            ClickHouseFormat.RowBinary)
                    .get(30, TimeUnit.SECONDS)
                    .close();
        }
        assertThat(
                        CLICKHOUSE
                                .server()
                                .query(
                                        "SELECT i8, u16, i32, u64, f32, f64, s,"
                                                + " hex(fs), a FROM default.rowbinary_probe"))
                .containsExactly(
                        List.of(
                                "-128",
                                "65535",
                                "-2147483648",
                                "18446744073709551615",
                                "-0",
                                "-inf",
                                longText,
                                "787900",
                                "['','日本']"));
    }
}
