package dev.flinkext.lookup.cache;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RowSizeEstimatorTest {

    private final RowSizeEstimator estimator = RowSizeEstimator.INSTANCE;

    @Test
    void binaryRowsCountTheirSerializedSize() {
        BinaryRowData small = binaryRow("a");
        BinaryRowData large = binaryRow("a".repeat(1000));
        assertThat(estimator.estimateRow(small))
                .isEqualTo(RowSizeEstimator.BINARY_OVERHEAD + small.getSizeInBytes());
        assertThat(estimator.estimateRow(large) - estimator.estimateRow(small))
                .isEqualTo(large.getSizeInBytes() - small.getSizeInBytes());
    }

    @Test
    void genericRowsGrowWithTheirContent() {
        long shortString = estimator.estimateRow(GenericRowData.of(StringData.fromString("a")));
        long longString =
                estimator.estimateRow(GenericRowData.of(StringData.fromString("a".repeat(1001))));
        assertThat(longString - shortString).isGreaterThanOrEqualTo(1000);

        long bytes = estimator.estimateRow(GenericRowData.of((Object) new byte[4096]));
        assertThat(bytes).isGreaterThan(4096);

        long bigDecimal =
                estimator.estimateRow(
                        GenericRowData.of(
                                DecimalData.fromBigDecimal(
                                        new BigDecimal("1" + "0".repeat(30)), 38, 0)));
        long compactDecimal =
                estimator.estimateRow(
                        GenericRowData.of(DecimalData.fromUnscaledLong(12345, 10, 2)));
        assertThat(bigDecimal).isGreaterThan(compactDecimal);
    }

    @Test
    void nestedRowsArraysAndMapsCountTheirElements() {
        RowData flat = GenericRowData.of(1L);
        long nested =
                estimator.estimateRow(
                        GenericRowData.of(
                                1L, GenericRowData.of(StringData.fromString("x".repeat(500)))));
        assertThat(nested - estimator.estimateRow(flat)).isGreaterThan(500);

        long primitiveArray =
                estimator.estimateRow(GenericRowData.of(new GenericArrayData(new long[1000])));
        assertThat(primitiveArray).isGreaterThan(8000);
        long stringArray =
                estimator.estimateRow(
                        GenericRowData.of(
                                new GenericArrayData(
                                        new Object[] {
                                            StringData.fromString("a".repeat(300)),
                                            StringData.fromString("b".repeat(300))
                                        })));
        assertThat(stringArray).isGreaterThan(600);

        long map =
                estimator.estimateRow(
                        GenericRowData.of(
                                new GenericMapData(
                                        Map.of(
                                                StringData.fromString("k"),
                                                StringData.fromString("v".repeat(700))))));
        assertThat(map).isGreaterThan(700);
    }

    @Test
    void otherRowClassesCountAFixedAmountPerField() {
        RowData joined = new JoinedRowData(GenericRowData.of(1L, 2L), GenericRowData.of(3L));
        assertThat(estimator.estimateRow(joined))
                .isEqualTo(RowSizeEstimator.OBJECT_OVERHEAD + 3 * RowSizeEstimator.UNKNOWN_FIELD);
    }

    @Test
    void entryCountsKeyAndEveryRow() {
        RowData key = GenericRowData.of(1L);
        RowData row = GenericRowData.of(1L, StringData.fromString("name"));
        long one = estimator.estimateEntry(key, List.of(row));
        long two = estimator.estimateEntry(key, List.of(row, row));
        assertThat(two - one).isEqualTo(RowSizeEstimator.REFERENCE + estimator.estimateRow(row));
        assertThat(one).isGreaterThan(estimator.estimateRow(key) + estimator.estimateRow(row));
    }

    private static BinaryRowData binaryRow(String value) {
        BinaryRowData row = new BinaryRowData(2);
        BinaryRowWriter writer = new BinaryRowWriter(row);
        writer.writeLong(0, 1L);
        writer.writeString(1, StringData.fromString(value));
        writer.complete();
        return row;
    }
}
