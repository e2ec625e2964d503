package dev.flinkext.lookup.partition;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StorePartitionAssignmentTest {

    @Test
    void everyKeyGoesToASubtaskThatOwnsItsPartitionAndEverySubtaskOwnsSome() {
        KeyPartitioning hash = FieldHashKeyPartitioning.of(List.of(new BigIntType()));
        for (int partitions = 1; partitions <= 5; partitions++) {
            for (int n = 1; n <= 9; n++) {
                Set<Integer> covered = new HashSet<>();
                for (int subtask = 0; subtask < n; subtask++) {
                    Set<Integer> owned =
                            StorePartitionAssignment.partitionsOf(subtask, n, partitions);
                    assertThat(owned).as("%d of %d over %d", subtask, n, partitions).isNotEmpty();
                    covered.addAll(owned);
                }
                assertThat(covered).hasSize(partitions);
                for (long k = 0; k < 200; k++) {
                    RowData key = GenericRowData.of(k);
                    int partition = (int) (k % partitions);
                    int subtask =
                            StorePartitionAssignment.subtaskOf(partition, partitions, key, n, hash);
                    assertThat(subtask).isBetween(0, n - 1);
                    assertThat(StorePartitionAssignment.partitionsOf(subtask, n, partitions))
                            .contains(partition);
                }
            }
        }
    }
}
