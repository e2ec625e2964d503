package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbFormatOptions;
import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Node;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recursive message declared as deep as {@code pb.max-recursion-depth} allows, whose unset levels
 * read as rows of defaults (read-default-values, or NOT NULL columns): the decoder is built in time
 * proportional to the declaration, not doubling per level (a row's reader and its default once
 * compiled the nested message twice each, 2^32 decoders at the default cap).
 */
class DeepRecursiveDefaultsTest {

    private static final int DEPTH = PbFormatOptions.MAX_RECURSION_DEPTH.defaultValue();

    /** ROW<label, left ROW<label, left ...>>, {@code depth} levels. */
    private static DataType chain(int depth, boolean notNull) {
        DataType row = ROW(FIELD("label", STRING()));
        for (int i = 1; i < depth; i++) {
            row = ROW(FIELD("label", STRING()), FIELD("left", notNull ? row.notNull() : row));
        }
        return row;
    }

    @Test
    void unsetLevelsOfADeepDeclarationReadAsDefaultsUnderReadDefaultValues() throws Exception {
        PbFormatConfig config = PbFormatConfig.builder().readDefaultValues(true).build();
        RowData row =
                PbTestSchemas.decoder(Node.class, chain(DEPTH, false), config)
                        .deserialize(Node.newBuilder().setLabel("root").build().toByteArray());

        assertThat(row.getString(0).toString()).isEqualTo("root");
        assertThat(deepest(row, DEPTH).getString(0).toString()).isEmpty();
    }

    @Test
    void unsetNotNullLevelsOfADeepDeclarationReadAsDefaults() throws Exception {
        RowData row =
                PbTestSchemas.decoder(Node.class, chain(DEPTH, true), PbFormatConfig.defaults())
                        .deserialize(Node.newBuilder().setLabel("root").build().toByteArray());

        assertThat(deepest(row, DEPTH).getString(0).toString()).isEmpty();
    }

    private static RowData deepest(RowData row, int depth) {
        RowData level = row;
        for (int i = 1; i < depth; i++) {
            level = level.getRow(1, i < depth - 1 ? 2 : 1);
        }
        return level;
    }
}
