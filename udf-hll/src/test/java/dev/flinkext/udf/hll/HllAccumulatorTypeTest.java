package dev.flinkext.udf.hll;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The accumulator is a structured row type (sketch bytes + capacity), never RAW/Kryo. */
class HllAccumulatorTypeTest {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @Test
    void accumulatorIsAStructuredTypeOfBytesAndInt() {
        TableEnvironmentImpl env = (TableEnvironmentImpl) FlinkSql.batch().tableEnv();
        DataType type =
                env.getCatalogManager()
                        .getDataTypeFactory()
                        .createDataType(DataTypes.of(HllAccumulator.class));
        assertThat(type.toString()).doesNotContain("RAW");
        assertThat(type.getLogicalType().getTypeRoot().name()).isEqualTo("STRUCTURED_TYPE");
        assertThat(DataType.getFieldNames(type)).containsExactly("capacity", "sketch");
        assertThat(DataType.getFieldDataTypes(type).toString()).contains("BYTES", "INT");
    }
}
