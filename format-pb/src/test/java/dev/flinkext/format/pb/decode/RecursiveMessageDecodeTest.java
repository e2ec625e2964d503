package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.testproto.Node;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/** A recursive message is read as deep as the DDL declares it; deeper data is skipped. */
class RecursiveMessageDecodeTest {

    /** A chain of {@code depth} nodes through {@code left}, labelled "0", "1", ... */
    private static Node chain(int depth) {
        Node node = Node.newBuilder().setLabel(Integer.toString(depth - 1)).build();
        for (int i = depth - 2; i >= 0; i--) {
            node = Node.newBuilder().setLabel(Integer.toString(i)).setLeft(node).build();
        }
        return node;
    }

    @Test
    void readsToTheDeclaredDepthAndIgnoresDeeperNodes() throws Exception {
        Row row =
                ExternalRows.decode(
                        Node.class,
                        ROW(
                                FIELD("label", STRING()),
                                FIELD(
                                        "left",
                                        ROW(
                                                FIELD("label", STRING()),
                                                FIELD("left", ROW(FIELD("label", STRING())))))),
                        chain(6));

        assertThat(row).isEqualTo(Row.of("0", Row.of("1", Row.of("2"))));
    }

    @Test
    void declaredLevelsBeyondTheDataReadNull() throws Exception {
        Row row =
                ExternalRows.decode(
                        Node.class,
                        ROW(
                                FIELD("label", STRING()),
                                FIELD(
                                        "left",
                                        ROW(
                                                FIELD("label", STRING()),
                                                FIELD("left", ROW(FIELD("label", STRING()))))),
                                FIELD("right", ROW(FIELD("label", STRING())))),
                        chain(2));

        assertThat(row).isEqualTo(Row.of("0", Row.of("1", null), null));
    }

    @Test
    void recursionThroughRepeatedChildren() throws Exception {
        Node tree =
                Node.newBuilder()
                        .setLabel("root")
                        .addChildren(
                                Node.newBuilder()
                                        .setLabel("a")
                                        .addChildren(Node.newBuilder().setLabel("a1"))
                                        .addChildren(
                                                Node.newBuilder()
                                                        .setLabel("a2")
                                                        .addChildren(
                                                                Node.newBuilder()
                                                                        .setLabel("deep"))))
                        .addChildren(Node.newBuilder().setLabel("b"))
                        .build();

        Row row =
                ExternalRows.decode(
                        Node.class,
                        ROW(
                                FIELD("label", STRING()),
                                FIELD(
                                        "children",
                                        ARRAY(
                                                ROW(
                                                        FIELD("label", STRING()),
                                                        FIELD(
                                                                "children",
                                                                ARRAY(
                                                                        ROW(
                                                                                FIELD(
                                                                                        "label",
                                                                                        STRING())))))))),
                        tree);

        assertThat(row)
                .isEqualTo(
                        Row.of(
                                "root",
                                new Row[] {
                                    Row.of("a", new Row[] {Row.of("a1"), Row.of("a2")}),
                                    Row.of("b", new Row[0])
                                }));
    }

    @Test
    void dataDeeperThanProtobufJavasRecursionLimitIsSkippedWithoutRecursing() throws Exception {
        // protobuf-java refuses to parse more than 100 nested messages (and overflows its stack
        // writing a few thousand); levels the DDL does not declare are skipped as bytes here.
        byte[] node = WireBytes.of(out -> out.writeString(1, "last"));
        for (int i = 4_999; i >= 0; i--) {
            String label = Integer.toString(i);
            byte[] child = node;
            node =
                    WireBytes.of(
                            out -> {
                                out.writeString(1, label);
                                out.writeByteArray(2, child);
                            });
        }
        byte[] deep = node;

        Row row =
                ExternalRows.decode(
                        Node.class,
                        ROW(FIELD("label", STRING()), FIELD("left", ROW(FIELD("label", STRING())))),
                        deep);

        assertThat(row).isEqualTo(Row.of("0", Row.of("1")));
    }
}
