package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link KuduTypeMapping#kuduColumnFor} is the inverse of {@link KuduTypeMapping#flinkTypeOf}. */
class KuduTypeMappingReverseTest {

    @Test
    void everyNaturalTypeRoundTrips() {
        List<DataType> types =
                List.of(
                        DataTypes.TINYINT(),
                        DataTypes.SMALLINT(),
                        DataTypes.INT().notNull(),
                        DataTypes.BIGINT(),
                        DataTypes.BOOLEAN(),
                        DataTypes.FLOAT(),
                        DataTypes.DOUBLE(),
                        DataTypes.DECIMAL(38, 38),
                        DataTypes.DECIMAL(1, 0).notNull(),
                        DataTypes.STRING(),
                        DataTypes.VARCHAR(65535),
                        DataTypes.BYTES(),
                        DataTypes.DATE(),
                        DataTypes.TIMESTAMP(6));
        for (DataType type : types) {
            assertThat(
                            KuduTypeMapping.flinkTypeOf(
                                    KuduTypeMapping.kuduColumnFor("c", type.getLogicalType())
                                            .build()))
                    .as(type.toString())
                    .isEqualTo(type);
        }
        assertThat(
                        KuduTypeMapping.flinkTypeOf(
                                KuduTypeMapping.kuduColumnFor(
                                                "c", DataTypes.TIMESTAMP(3).getLogicalType())
                                        .build()))
                .isEqualTo(DataTypes.TIMESTAMP(6));
    }

    @Test
    void refusesWhatKuduCannotStoreNamingColumnAndReason() {
        assertThatThrownBy(
                        () ->
                                KuduTypeMapping.kuduColumnFor(
                                        "v", DataTypes.VARCHAR(65536).getLogicalType()))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "Column 'v' of type VARCHAR(65536) cannot be stored in Kudu: Kudu's"
                                + " VARCHAR holds at most 65535 characters; use STRING.");
        for (DataType type :
                List.of(
                        DataTypes.CHAR(3),
                        DataTypes.BINARY(4),
                        DataTypes.VARBINARY(4),
                        DataTypes.TIMESTAMP(9),
                        DataTypes.TIMESTAMP_LTZ(6),
                        DataTypes.TIME(),
                        DataTypes.ARRAY(DataTypes.INT()),
                        DataTypes.MAP(DataTypes.INT(), DataTypes.INT()))) {
            assertThatThrownBy(() -> KuduTypeMapping.kuduColumnFor("x", type.getLogicalType()))
                    .as(type.toString())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("Column 'x' of type ")
                    .hasMessageContaining("cannot be stored in Kudu: ");
        }
    }
}
