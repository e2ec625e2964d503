package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
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
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A field with presence reads NULL when unset and its value (even the default) when set; fields
 * without presence always read their value.
 */
class PresenceDecodeTest {

    private static final DataType PRESENCE_COLUMNS =
            ROW(
                    FIELD("inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))),
                    FIELD("w_int32", INT()),
                    FIELD("w_string", STRING()),
                    FIELD("w_bool", ROW(FIELD("value", BOOLEAN()))),
                    FIELD("w_uint64", DECIMAL(20, 0)),
                    FIELD("opt_int32", INT()),
                    FIELD("opt_string", STRING()),
                    FIELD("opt_enum", STRING()),
                    FIELD("opt_uint64", DECIMAL(20, 0)),
                    FIELD("choice_text", STRING()),
                    FIELD("choice_number", BIGINT()),
                    FIELD("choice_inner", ROW(FIELD("value", INT()))),
                    FIELD("ts", TIMESTAMP_LTZ(9)),
                    FIELD("duration", ROW(FIELD("seconds", BIGINT()))));

    @Test
    void unsetFieldsWithPresenceReadNull() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class, PRESENCE_COLUMNS, Everything.getDefaultInstance());

        for (int i = 0; i < row.getArity(); i++) {
            assertThat(row.getField(i)).as("column %d", i).isNull();
        }
    }

    @Test
    void fieldsWithPresenceSetToTheirDefaultReadTheDefault() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setInner(Inner.getDefaultInstance())
                        .setWInt32(Int32Value.of(0))
                        .setWString(StringValue.of(""))
                        .setWBool(BoolValue.of(false))
                        .setWUint64(UInt64Value.of(0))
                        .setOptInt32(0)
                        .setOptString("")
                        .setOptEnum(Color.COLOR_UNSPECIFIED)
                        .setOptUint64(0)
                        .setChoiceInner(Inner.getDefaultInstance())
                        .setTs(Timestamp.getDefaultInstance())
                        .setDuration(Duration.getDefaultInstance())
                        .build();

        Row row = ExternalRows.decode(Everything.class, PRESENCE_COLUMNS, message);

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                Row.of("", 0),
                                0,
                                "",
                                Row.of(false),
                                BigDecimal.ZERO,
                                0,
                                "",
                                "COLOR_UNSPECIFIED",
                                BigDecimal.ZERO,
                                null,
                                null,
                                Row.of(0),
                                Instant.EPOCH,
                                Row.of(0L)));
    }

    @Test
    void oneofMemberSetToItsDefaultReadsTheDefault() throws Exception {
        Row text =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("choice_text", STRING()), FIELD("choice_number", BIGINT())),
                        Everything.newBuilder().setChoiceText("").build());
        Row number =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("choice_text", STRING()), FIELD("choice_number", BIGINT())),
                        Everything.newBuilder().setChoiceNumber(0).build());

        assertThat(text).isEqualTo(Row.of("", null));
        assertThat(number).isEqualTo(Row.of(null, 0L));
    }

    @Test
    void fieldsWithoutPresenceReadTheirDefaultWhenAbsent() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("f_int32", INT()),
                                FIELD("f_uint64", DECIMAL(20, 0)),
                                FIELD("f_double", DOUBLE()),
                                FIELD("f_bool", BOOLEAN()),
                                FIELD("f_string", STRING()),
                                FIELD("f_bytes", BYTES()),
                                FIELD("f_enum", STRING()),
                                FIELD("inner", ROW(FIELD("color", INT())))),
                        Everything.newBuilder().setInner(Inner.getDefaultInstance()).build());

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                0,
                                BigDecimal.ZERO,
                                0.0,
                                false,
                                "",
                                new byte[0],
                                "COLOR_UNSPECIFIED",
                                Row.of(0)));
    }

    @Test
    void notNullColumnOfAPresenceFieldReadsTheDefaultInsteadOfNull() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("opt_int32", INT().notNull()),
                                FIELD("opt_enum", STRING().notNull()),
                                FIELD("w_string", STRING().notNull()),
                                FIELD("w_uint64", DECIMAL(20, 0).notNull()),
                                FIELD(
                                        "inner",
                                        ROW(FIELD("name", STRING()), FIELD("value", INT()))
                                                .notNull()),
                                FIELD("ts", TIMESTAMP_LTZ(3).notNull()),
                                FIELD("choice_number", BIGINT().notNull()),
                                FIELD("opt_string", STRING())),
                        Everything.getDefaultInstance());

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                0,
                                "COLOR_UNSPECIFIED",
                                "",
                                BigDecimal.ZERO,
                                Row.of("", 0),
                                Instant.EPOCH,
                                0L,
                                null));
    }
}
