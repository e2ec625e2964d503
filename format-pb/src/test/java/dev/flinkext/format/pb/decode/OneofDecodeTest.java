package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Everything;

import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/** A oneof holds one member: the last one on the wire; the others read NULL. */
class OneofDecodeTest {

    private static final DataType CHOICE =
            ROW(
                    FIELD("choice_text", STRING()),
                    FIELD("choice_number", BIGINT()),
                    FIELD("choice_inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))));

    @Test
    void onlyTheSetMemberIsNotNull() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        CHOICE,
                        Everything.newBuilder().setChoiceNumber(-1).build());

        assertThat(row).isEqualTo(Row.of(null, -1L, null));
    }

    @Test
    void lastMemberOnTheWireWins() throws Exception {
        byte[] textLast =
                WireBytes.of(
                        out -> {
                            out.writeInt64(81, 5);
                            WireBytes.writeDelimited(out, 82, m -> m.writeString(1, "n"));
                            out.writeString(80, "last");
                        });
        byte[] messageLast =
                WireBytes.of(
                        out -> {
                            out.writeString(80, "first");
                            out.writeInt64(81, 5);
                            WireBytes.writeDelimited(out, 82, m -> m.writeInt32(2, 3));
                        });

        assertThat(Everything.parseFrom(textLast).getChoiceCase())
                .isEqualTo(Everything.ChoiceCase.CHOICE_TEXT);
        assertThat(ExternalRows.decode(Everything.class, CHOICE, textLast))
                .isEqualTo(Row.of("last", null, null));
        assertThat(Everything.parseFrom(messageLast).getChoiceCase())
                .isEqualTo(Everything.ChoiceCase.CHOICE_INNER);
        assertThat(ExternalRows.decode(Everything.class, CHOICE, messageLast))
                .isEqualTo(Row.of(null, null, Row.of("", 3)));
    }

    @Test
    void lastMemberWinsWhenTheColumnsListTheMembersInAnotherOrder() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeString(80, "a");
                            out.writeInt64(81, 9);
                        });

        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(FIELD("choice_number", BIGINT()), FIELD("choice_text", STRING())),
                        bytes);

        assertThat(row).isEqualTo(Row.of(9L, null));
    }

    @Test
    void undeclaredMemberLaterOnTheWireUnsetsTheDeclaredOne() throws Exception {
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeString(80, "stale");
                            out.writeInt64(81, 9); // choice_number: not a column
                        });

        Row row = ExternalRows.decode(Everything.class, ROW(FIELD("choice_text", STRING())), bytes);

        assertThat(Everything.parseFrom(bytes).hasChoiceText()).isFalse();
        assertThat(row).isEqualTo(Row.of((Object) null));
    }
}
