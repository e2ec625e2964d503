package dev.flinkext.lookup.full;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyProjectionTest {

    // payload first, so the key columns are not simply the row's prefix
    private static final LogicalType[] TYPES = {
        VarCharType.STRING_TYPE, // 0 payload
        VarCharType.STRING_TYPE, // 1 STRING key
        new IntType(), // 2 INT key
        new BigIntType(), // 3 BIGINT key
        new DecimalType(10, 2), // 4 compact DECIMAL key
        new DecimalType(30, 4), // 5 non-compact DECIMAL key
        new TimestampType(3), // 6 TIMESTAMP(3) key
        new TimestampType(9), // 7 TIMESTAMP(9) key (nanos)
    };
    private static final RowType ROW =
            RowType.of(TYPES, new String[] {"payload", "s", "i", "b", "d", "dl", "ts", "tsn"});
    private static final int[][] LOOKUP_KEYS = {{1}, {2}, {3}, {4}, {5}, {6}, {7}};

    private static final LocalDateTime TIME = LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_456_789);

    /** A loaded row as a loader would build it: GenericRowData of internal values. */
    private static RowData loadedGenericRow() {
        return GenericRowData.of(
                StringData.fromString("payload"),
                StringData.fromString("key-ü"),
                42,
                4_000_000_000L,
                DecimalData.fromBigDecimal(new BigDecimal("12.34"), 10, 2),
                DecimalData.fromBigDecimal(new BigDecimal("12345678901234567890.1234"), 30, 4),
                TimestampData.fromLocalDateTime(TIME.withNano(123_000_000)),
                TimestampData.fromLocalDateTime(TIME));
    }

    /** The same row in binary form, as a format or a BinaryRowData-producing reader gives it. */
    private static BinaryRowData binaryRow(String payload) {
        BinaryRowData row = new BinaryRowData(TYPES.length);
        BinaryRowWriter writer = new BinaryRowWriter(row);
        writer.writeString(0, StringData.fromString(payload));
        writer.writeString(1, StringData.fromString("key-ü"));
        writer.writeInt(2, 42);
        writer.writeLong(3, 4_000_000_000L);
        writer.writeDecimal(4, DecimalData.fromBigDecimal(new BigDecimal("12.34"), 10, 2), 10);
        writer.writeDecimal(
                5,
                DecimalData.fromBigDecimal(new BigDecimal("12345678901234567890.1234"), 30, 4),
                30);
        writer.writeTimestamp(6, TimestampData.fromLocalDateTime(TIME.withNano(123_000_000)), 3);
        writer.writeTimestamp(7, TimestampData.fromLocalDateTime(TIME), 9);
        writer.complete();
        return row;
    }

    /**
     * The key the planner hands to {@code lookup}: {@code LookupFunction.eval} wraps the key field
     * values it read from the probe row (internal data structures) in {@code GenericRowData.of}.
     * The probe row is typically binary, so its strings are segment-backed.
     */
    private static RowData plannerKey() {
        BinaryRowData probe = binaryRow("other payload");
        Object[] values = new Object[LOOKUP_KEYS.length];
        for (int i = 0; i < LOOKUP_KEYS.length; i++) {
            int field = LOOKUP_KEYS[i][0];
            values[i] = RowData.createFieldGetter(TYPES[field], field).getFieldOrNull(probe);
        }
        return GenericRowData.of(values);
    }

    @Test
    void projectedKeyOfAGenericRowEqualsThePlannersKey() {
        RowData projected = KeyProjection.of(ROW, LOOKUP_KEYS).keyOf(loadedGenericRow());
        RowData planner = plannerKey();

        assertThat(projected).isEqualTo(planner);
        assertThat(projected.hashCode()).isEqualTo(planner.hashCode());
        Map<RowData, String> map = new HashMap<>();
        map.put(projected, "found");
        assertThat(map.get(planner)).isEqualTo("found");
    }

    @Test
    void projectedKeyOfABinaryRowEqualsThePlannersKey() {
        RowData projected = KeyProjection.of(ROW, LOOKUP_KEYS).keyOf(binaryRow("payload"));
        RowData planner = plannerKey();

        assertThat(projected).isEqualTo(planner);
        assertThat(projected.hashCode()).isEqualTo(planner.hashCode());
    }

    @Test
    void eachKeyTypeAloneMatchesThePlannersKey() {
        RowData planner = plannerKey();
        for (int i = 0; i < LOOKUP_KEYS.length; i++) {
            RowData projected =
                    KeyProjection.of(ROW, new int[][] {LOOKUP_KEYS[i]}).keyOf(loadedGenericRow());
            RowData single = GenericRowData.of(((GenericRowData) planner).getField(i));
            assertThat(projected).as("key column %s", TYPES[LOOKUP_KEYS[i][0]]).isEqualTo(single);
            assertThat(projected.hashCode()).isEqualTo(single.hashCode());
        }
    }

    @Test
    void decimalOfAnotherScaleIsRescaledToTheColumnType() {
        // a loader that produced 12.3 (scale 1) for a DECIMAL(10, 2) column
        GenericRowData loaded = (GenericRowData) loadedGenericRow();
        loaded.setField(4, DecimalData.fromBigDecimal(new BigDecimal("12.3"), 10, 1));
        RowData projected = KeyProjection.of(ROW, new int[][] {{4}}).keyOf(loaded);
        RowData planner =
                GenericRowData.of(DecimalData.fromBigDecimal(new BigDecimal("12.30"), 10, 2));

        assertThat(projected).isEqualTo(planner);
        assertThat(projected.hashCode()).isEqualTo(planner.hashCode());
    }

    @Test
    void nullKeyValuesAreKept() {
        GenericRowData loaded = (GenericRowData) loadedGenericRow();
        loaded.setField(2, null);
        RowData projected = KeyProjection.of(ROW, new int[][] {{2}, {1}}).keyOf(loaded);
        assertThat(projected).isEqualTo(GenericRowData.of(null, StringData.fromString("key-ü")));
    }

    @Test
    void rejectsNestedAndOutOfRangeKeys() {
        assertThatThrownBy(() -> KeyProjection.of(ROW, new int[][] {{1, 0}}))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("nested key path [1, 0]");
        assertThatThrownBy(() -> KeyProjection.of(ROW, new int[][] {{8}}))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("index 8");
    }

    @Test
    void namesItsColumns() {
        assertThat(KeyProjection.of(ROW, new int[][] {{2}, {1}}))
                .hasToString("KeyProjection(i, s)");
    }
}
