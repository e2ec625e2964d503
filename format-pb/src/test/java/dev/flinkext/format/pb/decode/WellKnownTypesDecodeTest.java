package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.types.Row;

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/** google.protobuf.Timestamp, Duration and the wrapper types, in each shape a column allows. */
class WellKnownTypesDecodeTest {

    private static Everything withTs(long seconds, int nanos) {
        return Everything.newBuilder()
                .setTs(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos))
                .build();
    }

    @Test
    void timestampReadsAsTimestampLtz9WithEveryNanosecond() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("ts", TIMESTAMP_LTZ(9))),
                        withTs(1_700_000_000L, 123_456_789));

        assertThat(row).isEqualTo(Row.of(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
    }

    @Test
    void timestampReadsAsTimestampLtz3TruncatedToMilliseconds() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("ts", TIMESTAMP_LTZ(3))),
                        withTs(1_700_000_000L, 123_999_999));

        assertThat(row).isEqualTo(Row.of(Instant.ofEpochSecond(1_700_000_000L, 123_000_000)));
    }

    @Test
    void timestampsBefore1970ReadAsTheSameInstant() throws Exception {
        long year1900 = -2_208_988_800L;

        assertThat(
                        ExternalRows.decode(
                                Everything.class,
                                ROW(FIELD("ts", TIMESTAMP_LTZ(9))),
                                withTs(year1900, 1)))
                .isEqualTo(Row.of(Instant.parse("1900-01-01T00:00:00.000000001Z")));
        // one nanosecond before the epoch: seconds -1, nanos 999999999 (nanos never negative)
        assertThat(
                        ExternalRows.decode(
                                Everything.class,
                                ROW(FIELD("ts", TIMESTAMP_LTZ(9))),
                                withTs(-1, 999_999_999)))
                .isEqualTo(Row.of(Instant.EPOCH.minusNanos(1)));
        // truncation to milliseconds goes to the earlier millisecond, as for positive instants
        assertThat(
                        ExternalRows.decode(
                                Everything.class,
                                ROW(FIELD("ts", TIMESTAMP_LTZ(3))),
                                withTs(-1, 999_999_999)))
                .isEqualTo(Row.of(Instant.EPOCH.minusMillis(1)));
    }

    @Test
    void timestampReadsAsRowOfSecondsAndNanos() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("ts", ROW(FIELD("seconds", BIGINT()), FIELD("nanos", INT())))),
                        withTs(-5, 7));

        assertThat(row).isEqualTo(Row.of(Row.of(-5L, 7)));
    }

    @Test
    void durationReadsAsRowOfSecondsAndNanos() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setDuration(Duration.newBuilder().setSeconds(-3).setNanos(-500))
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD(
                                        "duration",
                                        ROW(FIELD("nanos", INT()), FIELD("seconds", BIGINT())))),
                        message);

        assertThat(row).isEqualTo(Row.of(Row.of(-500, -3L)));
    }

    @Test
    void everyWrapperReadsAsItsScalarType() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setWInt32(Int32Value.of(-1))
                        .setWInt64(Int64Value.of(Long.MIN_VALUE))
                        .setWUint32(UInt32Value.of(-1)) // 2^32 - 1
                        .setWUint64(UInt64Value.of(-1L)) // 2^64 - 1
                        .setWFloat(FloatValue.of(1.5f))
                        .setWDouble(DoubleValue.of(-0.25))
                        .setWBool(BoolValue.of(true))
                        .setWString(StringValue.of("s"))
                        .setWBytes(BytesValue.of(ByteString.copyFrom(new byte[] {4})))
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("w_int32", INT()),
                                FIELD("w_int64", BIGINT()),
                                FIELD("w_uint32", BIGINT()),
                                FIELD("w_uint64", DECIMAL(20, 0)),
                                FIELD("w_float", FLOAT()),
                                FIELD("w_double", DOUBLE()),
                                FIELD("w_bool", BOOLEAN()),
                                FIELD("w_string", STRING()),
                                FIELD("w_bytes", BYTES())),
                        message);

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                -1,
                                Long.MIN_VALUE,
                                4294967295L,
                                new BigDecimal("18446744073709551615"),
                                1.5f,
                                -0.25,
                                true,
                                "s",
                                new byte[] {4}));
        Row widened =
                ExternalRows.decode(Everything.class, ROW(FIELD("w_int32", BIGINT())), message);
        assertThat(widened).isEqualTo(Row.of(-1L));
    }

    @Test
    void wrappersReadAsRowOfValue() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setWInt32(Int32Value.of(8))
                        .setWString(StringValue.of("v"))
                        .setWUint64(UInt64Value.of(Long.MIN_VALUE)) // 2^63
                        .setWBool(BoolValue.of(false))
                        .build();

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("w_int32", ROW(FIELD("value", INT()))),
                                FIELD("w_string", ROW(FIELD("value", STRING()))),
                                FIELD("w_uint64", ROW(FIELD("value", DECIMAL(20, 0)))),
                                FIELD("w_bool", ROW(FIELD("value", BOOLEAN()))),
                                FIELD("w_int64", ROW(FIELD("value", BIGINT())))),
                        message);

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                Row.of(8),
                                Row.of("v"),
                                Row.of(new BigDecimal("9223372036854775808")),
                                Row.of(false),
                                null));
    }
}
