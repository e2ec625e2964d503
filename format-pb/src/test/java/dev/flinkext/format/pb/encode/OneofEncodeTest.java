package dev.flinkext.format.pb.encode;

import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import static dev.flinkext.format.pb.encode.ScalarEncodeTest.encode;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Oneof members: the one non-NULL member is written (even at zero); two non-NULL ones fail. */
class OneofEncodeTest {

    private static final DataType CHOICE =
            ROW(
                    FIELD("choice_text", STRING()),
                    FIELD("choice_number", BIGINT()),
                    FIELD("choice_inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))));

    @Test
    void writesTheOneNonNullMember() throws Exception {
        assertThat(encode(CHOICE, GenericRowData.of(StringData.fromString("t"), null, null)))
                .isEqualTo(Everything.newBuilder().setChoiceText("t").build().toByteArray());
        assertThat(encode(CHOICE, GenericRowData.of(null, 5L, null)))
                .isEqualTo(Everything.newBuilder().setChoiceNumber(5).build().toByteArray());
        assertThat(
                        encode(
                                CHOICE,
                                GenericRowData.of(
                                        null,
                                        null,
                                        GenericRowData.of(StringData.fromString("n"), 1))))
                .isEqualTo(
                        Everything.newBuilder()
                                .setChoiceInner(Inner.newBuilder().setName("n").setValue(1))
                                .build()
                                .toByteArray());
    }

    @Test
    void aMemberAtItsZeroIsWrittenSoTheCaseSurvives() throws Exception {
        byte[] bytes = encode(CHOICE, GenericRowData.of(null, 0L, null));

        assertThat(bytes)
                .isEqualTo(Everything.newBuilder().setChoiceNumber(0).build().toByteArray());
        assertThat(Everything.parseFrom(bytes).getChoiceCase())
                .isEqualTo(Everything.ChoiceCase.CHOICE_NUMBER);
    }

    @Test
    void allMembersNullWritesNothing() {
        assertThat(encode(CHOICE, new GenericRowData(3))).isEmpty();
    }

    @Test
    void twoNonNullMembersFailNamingBothColumns() {
        assertThatThrownBy(
                        () ->
                                encode(
                                        CHOICE,
                                        GenericRowData.of(StringData.fromString("t"), 5L, null)))
                .isInstanceOf(PbEncodeException.class)
                .hasMessageContaining("'flinkext.test.Everything'")
                .hasMessageContaining("'choice_text'")
                .hasMessageContaining("'choice_number'")
                .hasMessageContaining("oneof");
        assertThatThrownBy(
                        () ->
                                encode(
                                        CHOICE,
                                        GenericRowData.of(null, 0L, GenericRowData.of(null, null))))
                .isInstanceOf(PbEncodeException.class)
                .hasMessageContaining("'choice_number'")
                .hasMessageContaining("'choice_inner'");
    }

    @Test
    void membersApartInTheRowAreStillChecked() {
        DataType type =
                ROW(
                        FIELD("choice_text", STRING()),
                        FIELD("f_string", STRING()),
                        FIELD("choice_number", BIGINT()));

        assertThat(encode(type, GenericRowData.of(null, StringData.fromString("s"), 7L)))
                .isEqualTo(
                        Everything.newBuilder()
                                .setFString("s")
                                .setChoiceNumber(7)
                                .build()
                                .toByteArray());
        assertThatThrownBy(
                        () ->
                                encode(
                                        type,
                                        GenericRowData.of(
                                                StringData.fromString("a"),
                                                StringData.fromString("s"),
                                                7L)))
                .hasMessageContaining("'choice_text' and 'choice_number'");
    }
}
