package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.schema.PbSchema;
import dev.flinkext.format.pb.table.PbDecodingFormat;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner's projection reaches the decoder: only the projected columns, in its order. */
class ProjectionPushDownTest {

    private static final DataType PHYSICAL =
            ROW(
                    FIELD("f_int32", INT()),
                    FIELD("f_string", STRING()),
                    FIELD("inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))),
                    FIELD("r_int64", ARRAY(BIGINT())),
                    FIELD("choice_number", BIGINT()));

    private static final PbDecodingFormat FORMAT =
            new PbDecodingFormat(
                    PbSchema.ofMessageClass(Everything.class), PbFormatConfig.defaults());

    /** What a table source hands its format: type information of the produced row. */
    private static final DynamicTableSource.Context CONTEXT =
            new DynamicTableSource.Context() {
                @Override
                @SuppressWarnings("unchecked")
                public <T> TypeInformation<T> createTypeInformation(DataType producedDataType) {
                    return createTypeInformation(producedDataType.getLogicalType());
                }

                @Override
                @SuppressWarnings("unchecked")
                public <T> TypeInformation<T> createTypeInformation(LogicalType producedType) {
                    return (TypeInformation<T>) InternalTypeInfo.of(producedType);
                }

                @Override
                public DynamicTableSource.DataStructureConverter createDataStructureConverter(
                        DataType producedDataType) {
                    throw new UnsupportedOperationException("not used by the pb format");
                }
            };

    private static DeserializationSchema<RowData> decoder(int[][] projections) throws Exception {
        DeserializationSchema<RowData> decoder =
                FORMAT.createRuntimeDecoder(CONTEXT, PHYSICAL, projections);
        decoder.open(PbTestSchemas.deserializationContext(new UnregisteredMetricsGroup()));
        return decoder;
    }

    @Test
    void decoderProducesTheProjectedColumnsInProjectionOrder() throws Exception {
        Everything message =
                Everything.newBuilder()
                        .setFInt32(1)
                        .setFString("s")
                        .setInner(Inner.newBuilder().setName("n").setValue(2))
                        .addRInt64(3)
                        .setChoiceNumber(4)
                        .build();
        DataType projected =
                ROW(
                        FIELD("choice_number", BIGINT()),
                        FIELD("f_int32", INT()),
                        FIELD("inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))));

        DeserializationSchema<RowData> decoder = decoder(new int[][] {{4}, {0}, {2}});
        RowData row = decoder.deserialize(message.toByteArray());

        assertThat(decoder.getProducedType())
                .isEqualTo(InternalTypeInfo.of(projected.getLogicalType()));
        assertThat(row.getArity()).isEqualTo(3);
        assertThat(ExternalRows.toExternal(projected, row))
                .isEqualTo(Row.of(4L, 1, Row.of("n", 2)));
    }

    @Test
    void fieldsOutsideTheProjectionAreNotDecoded() throws Exception {
        // f_string holds bytes that are not UTF-8, which proto3 refuses: only a decoder that
        // reads f_string fails on them.
        byte[] bytes =
                WireBytes.of(
                        out -> {
                            out.writeInt32(1, 7);
                            out.writeByteArray(14, new byte[] {(byte) 0xff, (byte) 0xfe});
                        });

        RowData projected = decoder(new int[][] {{0}}).deserialize(bytes);

        assertThat(projected.getArity()).isEqualTo(1);
        assertThat(projected.getInt(0)).isEqualTo(7);
        assertThatThrownBy(() -> decoder(new int[][] {{0}, {1}}).deserialize(bytes))
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void anEmptyProjectionReadsEmptyRows() throws Exception {
        RowData row =
                decoder(new int[0][])
                        .deserialize(Everything.newBuilder().setFInt32(1).build().toByteArray());

        assertThat(row.getArity()).isZero();
    }
}
