package dev.flinkext.lookup.partition;

import dev.flinkext.lookup.full.KeyProjection;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FieldHashKeyPartitioningTest {

    private static final List<LogicalType> KEY_TYPES =
            List.of(VarCharType.STRING_TYPE, new BigIntType(), new DecimalType(10, 2));
    private static final int SUBTASKS = 7;
    private static final int KEYS = 1_000;

    private final KeyPartitioning partitioning = FieldHashKeyPartitioning.of(KEY_TYPES);

    @Test
    void sameKeyAsBinaryRowAndAsProjectedGenericRowGoesToTheSameSubtask() {
        // A loaded row with a payload column first, projected the way a FULL load projects it.
        RowType loaded =
                RowType.of(
                        VarCharType.STRING_TYPE,
                        VarCharType.STRING_TYPE,
                        new BigIntType(),
                        new DecimalType(10, 2));
        KeyProjection projection = KeyProjection.ofIndices(loaded, 1, 2, 3);
        int rowHashesDiffering = 0;
        for (int i = 0; i < KEYS; i++) {
            RowData generic =
                    projection.keyOf(
                            GenericRowData.of(
                                    StringData.fromString("payload"),
                                    StringData.fromString("user-" + i),
                                    (long) i,
                                    decimal(i)));
            BinaryRowData binary = binaryKey("user-" + i, i, decimal(i));

            assertThat(partitioning.subtaskOf(binary, SUBTASKS))
                    .as("key %s", i)
                    .isEqualTo(partitioning.subtaskOf(generic, SUBTASKS));
            if (binary.hashCode() != generic.hashCode()) {
                rowHashesDiffering++;
            }
        }
        // Shows why the partitioning must not use RowData.hashCode(): the two rows disagree.
        assertThat(rowHashesDiffering).isEqualTo(KEYS);
    }

    @Test
    void decimalScaleDoesNotChangeTheSubtask() {
        RowData scale2 =
                GenericRowData.of(
                        StringData.fromString("k"),
                        1L,
                        DecimalData.fromBigDecimal(new BigDecimal("1.50"), 10, 2));
        RowData scale1 =
                GenericRowData.of(
                        StringData.fromString("k"),
                        1L,
                        DecimalData.fromBigDecimal(new BigDecimal("1.5"), 10, 1));
        for (int n = 1; n <= 64; n++) {
            assertThat(partitioning.subtaskOf(scale1, n))
                    .isEqualTo(partitioning.subtaskOf(scale2, n));
        }
    }

    @Test
    void everySubtaskGetsKeysAndNullKeyPartsAreAccepted() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < KEYS; i++) {
            int subtask = partitioning.subtaskOf(binaryKey("user-" + i, i, decimal(i)), SUBTASKS);
            assertThat(subtask).isBetween(0, SUBTASKS - 1);
            used.add(subtask);
        }
        assertThat(used).hasSize(SUBTASKS);
        assertThat(partitioning.subtaskOf(GenericRowData.of(null, null, null), SUBTASKS))
                .isBetween(0, SUBTASKS - 1);
    }

    @Test
    void storePartitionsDefaultToUnknown() {
        assertThat(partitioning.storePartitionsOf(0, SUBTASKS)).isEmpty();
    }

    private static DecimalData decimal(int i) {
        return DecimalData.fromBigDecimal(BigDecimal.valueOf(i, 2), 10, 2);
    }

    private static BinaryRowData binaryKey(String s, long l, DecimalData d) {
        BinaryRowData row = new BinaryRowData(3);
        BinaryRowWriter writer = new BinaryRowWriter(row);
        writer.writeString(0, StringData.fromString(s));
        writer.writeLong(1, l);
        writer.writeDecimal(2, d, 10);
        writer.complete();
        return row;
    }
}
