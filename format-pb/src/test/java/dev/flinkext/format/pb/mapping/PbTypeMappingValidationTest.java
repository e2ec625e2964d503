package dev.flinkext.format.pb.mapping;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Node;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A DDL that does not fit the message is refused when the deserialization schema is built (at
 * planning), with a message that says what to change.
 */
class PbTypeMappingValidationTest {

    private static void build(Class<?> message, DataType rowType, PbFormatConfig config) {
        PbTestSchemas.decoder(message, rowType, config);
    }

    private static void build(DataType rowType) {
        build(Everything.class, rowType, PbFormatConfig.defaults());
    }

    @Test
    void unknownColumnNamesTheMessageListsItsFieldsAndSuggestsTheCaseInsensitiveMatch() {
        assertThatThrownBy(() -> build(ROW(FIELD("F_Int32", INT()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'F_Int32' is not a field of protobuf message")
                .hasMessageContaining("'flinkext.test.Everything'")
                .hasMessageContaining("Did you mean 'f_int32'?")
                .hasMessageContaining("f_int32 int32")
                .hasMessageContaining("f_uint64 uint64")
                .hasMessageContaining("r_inner repeated flinkext.test.Inner")
                .hasMessageContaining("m_string_int64 map<string, int64>");
    }

    @Test
    void unknownColumnWithoutAnyCloseMatchMakesNoSuggestion() {
        assertThatThrownBy(() -> build(ROW(FIELD("nope", INT()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'nope' is not a field of protobuf message")
                .hasMessageNotContaining("Did you mean");
    }

    @Test
    void unknownNestedColumnNamesItsPathAndTheNestedMessage() {
        assertThatThrownBy(() -> build(ROW(FIELD("inner", ROW(FIELD("Name", STRING()))))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'inner.Name' is not a field of protobuf message")
                .hasMessageContaining("'flinkext.test.Inner'")
                .hasMessageContaining("Did you mean 'name'?")
                .hasMessageContaining("Its fields: name string, value int32, color enum");
    }

    @Test
    void wrongTypeNamesColumnFieldBothTypesAndWhatToDeclare() {
        assertThatThrownBy(() -> build(ROW(FIELD("f_string", INT()))))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Column 'f_string' is declared INT, but protobuf field"
                                + " 'flinkext.test.Everything.f_string' is string: declare"
                                + " STRING.");
    }

    @Test
    void narrowingConversionsAreRefused() {
        assertThatThrownBy(() -> build(ROW(FIELD("f_int64", INT()))))
                .hasMessageContaining("Column 'f_int64' is declared INT")
                .hasMessageContaining("'flinkext.test.Everything.f_int64' is int64")
                .hasMessageContaining("declare BIGINT");
        assertThatThrownBy(() -> build(ROW(FIELD("f_uint32", INT()))))
                .hasMessageContaining("'flinkext.test.Everything.f_uint32' is uint32")
                .hasMessageContaining("declare BIGINT (an unsigned 32-bit value does not fit INT)");
        assertThatThrownBy(
                        () ->
                                build(
                                        ROW(
                                                FIELD(
                                                        "f_double",
                                                        org.apache.flink.table.api.DataTypes
                                                                .FLOAT()))))
                .hasMessageContaining("is double: declare DOUBLE");
        assertThatThrownBy(() -> build(ROW(FIELD("f_uint64", DECIMAL(19, 0)))))
                .hasMessageContaining("Column 'f_uint64' is declared DECIMAL(19, 0)")
                .hasMessageContaining("declare DECIMAL(20, 0)");
    }

    @Test
    void uint64DeclaredBigintWithoutTheOptionPointsToTheOption() {
        assertThatThrownBy(() -> build(ROW(FIELD("f_fixed64", BIGINT()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'f_fixed64' is declared BIGINT")
                .hasMessageContaining("'flinkext.test.Everything.f_fixed64' is fixed64")
                .hasMessageContaining("DECIMAL(20, 0)")
                .hasMessageContaining("'pb.uint64-as-bigint' = 'true'");
        assertThatCode(
                        () ->
                                build(
                                        Everything.class,
                                        ROW(FIELD("f_fixed64", BIGINT())),
                                        PbFormatConfig.builder().uint64AsBigint(true).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void nestedMismatchNamesTheDottedPathAndTheNestedField() {
        assertThatThrownBy(() -> build(ROW(FIELD("inner", ROW(FIELD("value", STRING()))))))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Column 'inner.value' is declared STRING, but protobuf field"
                                + " 'flinkext.test.Inner.value' is int32: declare INT (or"
                                + " BIGINT).");
    }

    @Test
    void mismatchInsideArrayAndMapNamesTheElementPath() {
        assertThatThrownBy(() -> build(ROW(FIELD("r_inner", ARRAY(ROW(FIELD("value", STRING())))))))
                .hasMessageContaining("Column 'r_inner.value' is declared STRING")
                .hasMessageContaining("'flinkext.test.Inner.value' is int32");
        assertThatThrownBy(() -> build(ROW(FIELD("m_int32_string", MAP(STRING(), STRING())))))
                .hasMessageContaining("Column 'm_int32_string.key' is declared STRING")
                .hasMessageContaining("is int32");
        assertThatThrownBy(() -> build(ROW(FIELD("m_string_int64", MAP(STRING(), INT())))))
                .hasMessageContaining("Column 'm_string_int64.value' is declared INT")
                .hasMessageContaining("is int64: declare BIGINT");
    }

    @Test
    void repeatedAndMapFieldsNeedArrayAndMapColumns() {
        assertThatThrownBy(() -> build(ROW(FIELD("r_int32", INT()))))
                .hasMessageContaining("Column 'r_int32' is declared INT")
                .hasMessageContaining("is repeated int32: declare ARRAY<...>");
        assertThatThrownBy(() -> build(ROW(FIELD("m_string_int64", ARRAY(BIGINT())))))
                .hasMessageContaining("is map<string, int64>: declare MAP<string, ...>");
    }

    @Test
    void enumAndMessageMismatchesSayWhichShapesFit() {
        assertThatThrownBy(() -> build(ROW(FIELD("f_enum", BIGINT()))))
                .hasMessageContaining("is enum flinkext.test.Color")
                .hasMessageContaining("declare STRING (the name) or INT (the number)");
        assertThatThrownBy(() -> build(ROW(FIELD("ts", TIMESTAMP(3)))))
                .hasMessageContaining("Column 'ts' is declared TIMESTAMP(3)")
                .hasMessageContaining("is google.protobuf.Timestamp")
                .hasMessageContaining("TIMESTAMP_LTZ(9) or ROW<seconds BIGINT, nanos INT>");
        assertThatThrownBy(() -> build(ROW(FIELD("w_int64", INT()))))
                .hasMessageContaining("Column 'w_int64' is declared INT")
                .hasMessageContaining("is google.protobuf.Int64Value")
                .hasMessageContaining("int64's Flink type or ROW<value ...>");
        assertThatThrownBy(() -> build(ROW(FIELD("inner", STRING()))))
                .hasMessageContaining("is flinkext.test.Inner")
                .hasMessageContaining("ROW<...> with some of the fields of flinkext.test.Inner");
        assertThatThrownBy(() -> build(ROW(FIELD("duration", TIMESTAMP_LTZ(9)))))
                .hasMessageContaining("is google.protobuf.Duration");
    }

    @Test
    void recursionDeeperThanTheCapIsRefusedWithTheOptionName() {
        DataType threeDeep =
                ROW(
                        FIELD("label", STRING()),
                        FIELD("left", ROW(FIELD("left", ROW(FIELD("label", STRING()))))));
        PbFormatConfig capTwo = PbFormatConfig.builder().maxRecursionDepth(2).build();
        PbFormatConfig capThree = PbFormatConfig.builder().maxRecursionDepth(3).build();

        assertThatThrownBy(() -> build(Node.class, threeDeep, capTwo))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Column 'left.left' nests protobuf messages 3 deep, deeper than"
                                + " 'pb.max-recursion-depth' = 2 allows.");
        assertThatCode(() -> build(Node.class, threeDeep, capThree)).doesNotThrowAnyException();
    }

    @Test
    void recursionThroughArraysCountsTowardsTheCap() {
        DataType viaChildren =
                ROW(
                        FIELD(
                                "children",
                                ARRAY(
                                        ROW(
                                                FIELD(
                                                        "children",
                                                        ARRAY(ROW(FIELD("label", STRING()))))))));

        assertThatThrownBy(
                        () ->
                                build(
                                        Node.class,
                                        viaChildren,
                                        PbFormatConfig.builder().maxRecursionDepth(2).build()))
                .hasMessageContaining("Column 'children.children' nests protobuf messages 3 deep")
                .hasMessageContaining("'pb.max-recursion-depth' = 2");
    }
}
