package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/** TIMESTAMP_LTZ columns as google.protobuf.Timestamp, before 1970 and to the nanosecond. */
class TimestampEncodeTest {

    private static final DataType TS = ROW(FIELD("ts", TIMESTAMP_LTZ(9)));

    @ParameterizedTest(name = "{0}s + {1}ns")
    @CsvSource({
        "1700000000, 123456789",
        "1700000000, 0",
        "0, 1",
        "0, 0",
        "-1, 0",
        "-1, 999999999",
        "-1, 500000000",
        "-3155760000, 1000", // 1870
        "253402300799, 999999999" // 9999-12-31T23:59:59.999999999Z
    })
    void writesTheInstantAsSecondsAndNanos(long seconds, int nanos) throws Exception {
        TimestampData value = TimestampData.fromInstant(Instant.ofEpochSecond(seconds, nanos));
        Everything expected =
                Everything.newBuilder()
                        .setTs(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos))
                        .build();

        byte[] bytes = encode(TS, GenericRowData.of(value));

        assertThat(Everything.parseFrom(bytes).getTs())
                .isEqualTo(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build());
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void theEpochIsAPresentEmptyTimestamp() throws Exception {
        byte[] bytes = encode(TS, GenericRowData.of(TimestampData.fromEpochMillis(0)));

        assertThat(Everything.parseFrom(bytes).hasTs()).isTrue();
        assertThat(bytes)
                .isEqualTo(
                        Everything.newBuilder()
                                .setTs(Timestamp.getDefaultInstance())
                                .build()
                                .toByteArray());
    }

    @Test
    void aLowerPrecisionColumnWritesItsMillis() throws Exception {
        byte[] bytes =
                encode(
                        ROW(FIELD("ts", TIMESTAMP_LTZ(3))),
                        GenericRowData.of(TimestampData.fromEpochMillis(-1)));

        assertThat(Everything.parseFrom(bytes).getTs())
                .isEqualTo(Timestamp.newBuilder().setSeconds(-1).setNanos(999_000_000).build());
    }

    @Test
    void repeatedTimestampsAreWrittenInOrder() throws Exception {
        DataType type = ROW(FIELD("r_ts", ARRAY(TIMESTAMP_LTZ(9))));
        GenericArrayData values =
                new GenericArrayData(
                        new Object[] {
                            TimestampData.fromInstant(Instant.ofEpochSecond(-5, 7)),
                            TimestampData.fromEpochMillis(0),
                            TimestampData.fromInstant(Instant.ofEpochSecond(10, 0))
                        });
        Everything expected =
                Everything.newBuilder()
                        .addRTs(Timestamp.newBuilder().setSeconds(-5).setNanos(7))
                        .addRTs(Timestamp.getDefaultInstance())
                        .addRTs(Timestamp.newBuilder().setSeconds(10))
                        .build();

        assertThat(encode(type, GenericRowData.of(values))).isEqualTo(expected.toByteArray());
    }

    @Test
    void timestampAndDurationAsRowsAreWrittenFieldByField() throws Exception {
        DataType type =
                ROW(
                        FIELD("ts", ROW(FIELD("seconds", BIGINT()), FIELD("nanos", INT()))),
                        FIELD("duration", ROW(FIELD("seconds", BIGINT()), FIELD("nanos", INT()))));
        Everything expected =
                Everything.newBuilder()
                        .setTs(Timestamp.newBuilder().setSeconds(-2).setNanos(3))
                        .setDuration(Duration.newBuilder().setSeconds(-4).setNanos(-5))
                        .build();

        byte[] bytes =
                encode(
                        type,
                        GenericRowData.of(GenericRowData.of(-2L, 3), GenericRowData.of(-4L, -5)));

        assertThat(bytes).isEqualTo(expected.toByteArray());
    }
}
