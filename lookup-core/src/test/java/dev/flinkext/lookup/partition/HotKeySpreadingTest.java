package dev.flinkext.lookup.partition;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HotKeySpreadingTest {

    private static final List<LogicalType> STRING_KEY = List.of(VarCharType.STRING_TYPE);

    private static RowData key(String value) {
        return GenericRowData.of(StringData.fromString(value));
    }

    @Test
    void aHotKeyGoesRoundRobinToItsSpreadAndOnlyThoseHoldIt() {
        KeyPartitioning base = FieldHashKeyPartitioning.of(STRING_KEY);
        HotKeySpreading spreading =
                new HotKeySpreading(
                        base, STRING_KEY, HotKeyValues.parse("dim", STRING_KEY, List.of("hot")), 3);
        int home = base.subtaskOf(key("hot"), 4);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(spreading.subtaskOf(key("hot"), 4), 1, Integer::sum);
        }
        assertThat(counts)
                .containsOnlyKeys(home, (home + 1) % 4, (home + 2) % 4)
                .allSatisfy((subtask, n) -> assertThat(n).isEqualTo(1000));
        for (int subtask = 0; subtask < 4; subtask++) {
            assertThat(spreading.owns(key("hot"), subtask, 4))
                    .isEqualTo(counts.containsKey(subtask));
        }
        // other keys keep their subtask, and only it holds them
        for (int i = 0; i < 100; i++) {
            RowData cold = key("k" + i);
            int own = base.subtaskOf(cold, 4);
            assertThat(spreading.subtaskOf(cold, 4)).isEqualTo(own);
            for (int subtask = 0; subtask < 4; subtask++) {
                assertThat(spreading.owns(cold, subtask, 4)).isEqualTo(subtask == own);
            }
        }
        assertThat(spreading.isDeterministic()).isFalse();
        assertThat(new KeyPartitioner(spreading).isDeterministic()).isFalse();
        assertThat(new KeyPartitioner(base).isDeterministic()).isTrue();
        assertThat(spreading.storePartitionsOf(0, 4)).isEmpty();
    }

    @Test
    void aNamedHotKeyIsRecognizedInTheBinaryRowThePlannerHands() {
        BinaryRowData binary = new BinaryRowData(1);
        BinaryRowWriter writer = new BinaryRowWriter(binary);
        writer.writeString(0, StringData.fromString("hot"));
        writer.complete();
        KeyPartitioning base = FieldHashKeyPartitioning.of(STRING_KEY);
        HotKeySpreading spreading =
                new HotKeySpreading(
                        base, STRING_KEY, HotKeyValues.parse("dim", STRING_KEY, List.of("hot")), 4);
        for (int subtask = 0; subtask < 4; subtask++) {
            assertThat(spreading.owns(binary, subtask, 4)).isTrue();
        }
        Set<Integer> subtasks = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            subtasks.add(spreading.subtaskOf(binary, 4));
        }
        assertThat(subtasks).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void survivesSerialization() throws Exception {
        HotKeySpreading spreading =
                new HotKeySpreading(
                        FieldHashKeyPartitioning.of(STRING_KEY),
                        STRING_KEY,
                        HotKeyValues.parse("dim", STRING_KEY, List.of("hot")),
                        2);
        HotKeySpreading copy = InstantiationUtil.clone(spreading, getClass().getClassLoader());
        int home = FieldHashKeyPartitioning.of(STRING_KEY).subtaskOf(key("hot"), 4);
        assertThat(copy.owns(key("hot"), (home + 1) % 4, 4)).isTrue();
        assertThat(copy.owns(key("hot"), (home + 2) % 4, 4)).isFalse();
    }

    @Test
    void aSpreadWiderThanTheSubtasksUsesThemAll() {
        KeyPartitioning base = FieldHashKeyPartitioning.of(List.of(new BigIntType()));
        HotKeySpreading spreading =
                new HotKeySpreading(
                        base,
                        List.of(new BigIntType()),
                        HotKeyValues.parse("dim", List.of(new BigIntType()), List.of(" 42")),
                        Integer.MAX_VALUE);
        RowData hot = GenericRowData.of(42L);
        for (int subtask = 0; subtask < 3; subtask++) {
            assertThat(spreading.owns(hot, subtask, 3)).isTrue();
        }
        assertThat(spreading.subtaskOf(hot, 3)).isBetween(0, 2);
    }

    @Test
    void hotKeyValuesNameWhatIsWrong() {
        assertThatThrownBy(
                        () ->
                                HotKeyValues.parse(
                                        "dim", List.of(new BigIntType()), List.of("twelve")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.shuffle.hot-keys'")
                .hasMessageContaining("'twelve' is not a BIGINT");
        assertThatThrownBy(
                        () ->
                                HotKeyValues.parse(
                                        "dim",
                                        List.of(new BigIntType(), VarCharType.STRING_TYPE),
                                        List.of("1")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("one column");
    }
}
