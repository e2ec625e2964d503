package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;
import dev.flinkext.format.pb.testproto.Node;

import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;

/** An empty repeated field or map reads as an empty ARRAY/MAP, never as NULL. */
class EmptyCollectionsDecodeTest {

    @Test
    void emptyRepeatedFieldsReadAsEmptyArrays() throws Exception {
        RowData row =
                PbTestSchemas.decode(
                        Everything.class,
                        ROW(
                                FIELD("r_int32", ARRAY(INT())),
                                FIELD("r_int64", ARRAY(BIGINT())),
                                FIELD("r_uint64", ARRAY(DECIMAL(20, 0))),
                                FIELD("r_double", ARRAY(DOUBLE())),
                                FIELD("r_bool", ARRAY(BOOLEAN())),
                                FIELD("r_string", ARRAY(STRING())),
                                FIELD("r_bytes", ARRAY(BYTES())),
                                FIELD("r_enum", ARRAY(STRING())),
                                FIELD("r_inner", ARRAY(ROW(FIELD("name", STRING())))),
                                FIELD("r_ts", ARRAY(TIMESTAMP_LTZ(9)))),
                        Everything.getDefaultInstance().toByteArray());

        for (int i = 0; i < row.getArity(); i++) {
            assertThat(row.isNullAt(i)).as("column %d", i).isFalse();
            assertThat(row.getArray(i).size()).as("column %d", i).isZero();
        }
        // the primitive accessors work on empty arrays too
        assertThat(row.getArray(0).toIntArray()).isEmpty();
        assertThat(row.getArray(1).toLongArray()).isEmpty();
    }

    @Test
    void emptyMapsReadAsEmptyMaps() throws Exception {
        Row row =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("m_string_int64", MAP(STRING(), BIGINT())),
                                FIELD("m_int32_string", MAP(INT(), STRING())),
                                FIELD(
                                        "m_string_inner",
                                        MAP(STRING(), ROW(FIELD("name", STRING())))),
                                FIELD("m_bool_bytes", MAP(BOOLEAN(), BYTES())),
                                FIELD("m_uint64_enum", MAP(DECIMAL(20, 0), INT()))),
                        Everything.getDefaultInstance());

        assertThat(row).isEqualTo(Row.of(Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));
    }

    @Test
    void emptyPackedRunReadsAsEmptyArray() throws Exception {
        byte[] bytes = WireBytes.of(out -> WireBytes.writeDelimited(out, 50, packed -> {}));

        Row row = ExternalRows.decode(Everything.class, ROW(FIELD("r_int32", ARRAY(INT()))), bytes);

        assertThat(row).isEqualTo(Row.of((Object) new Integer[0]));
    }

    @Test
    void emptyCollectionsInsideNestedRowsReadEmptyToo() throws Exception {
        Node node = Node.newBuilder().setLeft(Node.newBuilder().setLabel("l")).build();
        Everything everything =
                Everything.newBuilder().addRInner(Inner.getDefaultInstance()).build();

        Row nodeRow =
                ExternalRows.decode(
                        Node.class,
                        ROW(
                                FIELD(
                                        "left",
                                        ROW(
                                                FIELD("label", STRING()),
                                                FIELD(
                                                        "children",
                                                        ARRAY(ROW(FIELD("label", STRING()))))))),
                        node);
        Row everythingRow =
                ExternalRows.decode(
                        Everything.class,
                        ROW(
                                FIELD("r_inner", ARRAY(ROW(FIELD("name", STRING())))),
                                FIELD(
                                        "m_string_inner",
                                        MAP(STRING(), ROW(FIELD("name", STRING()))))),
                        everything);

        assertThat(nodeRow).isEqualTo(Row.of(Row.of("l", new Row[0])));
        assertThat(everythingRow).isEqualTo(Row.of(new Row[] {Row.of("")}, Map.of()));
    }
}
