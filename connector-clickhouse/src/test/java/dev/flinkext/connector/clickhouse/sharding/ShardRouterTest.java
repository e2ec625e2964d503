package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.connector.clickhouse.schema.ClickHouseType;
import dev.flinkext.connector.clickhouse.schema.ClickHouseTypeParser;

import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is refused at planning time, and the row representations the router reads alike. */
class ShardRouterTest {

    private static final ShardSelector TWO = ShardSelector.ofWeights(4, 7);

    private static ShardRouter router(String expression, LogicalType flink, String chType) {
        return ShardRouter.create(
                expression,
                List.of("k"),
                List.of(flink),
                Map.of("k", ClickHouseTypeParser.parse(chType)),
                TWO);
    }

    @Test
    void expressionsItCannotReproduceAreRefusedNamingThem() {
        for (String e :
                List.of(
                        "murmurHash3_64(k, 1)",
                        "sipHash64(k)",
                        "k + 1",
                        "toUInt64(k) % 7",
                        "k % -7")) {
            assertThatThrownBy(() -> router(e, new IntType(), "Int32"))
                    .as(e)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'" + e + "'")
                    .hasMessageContaining("only murmurHash3_64(col, ...)");
        }
        assertThatThrownBy(() -> router("k % 0", new IntType(), "Int32"))
                .hasMessageContaining("divides by zero");
        assertThatThrownBy(() -> router("k % 18446744073709551616", new IntType(), "Int32"))
                .hasMessageContaining("does not fit UInt64");
    }

    @Test
    void columnsAndTypesItCannotReproduceAreRefusedNamingThem() {
        assertThatThrownBy(
                        () ->
                                ShardRouter.create(
                                        "murmurHash3_64(x)",
                                        List.of("k"),
                                        List.of(new IntType()),
                                        Map.of("x", ClickHouseTypeParser.parse("Int32")),
                                        TWO))
                .hasMessageContaining("'x' is not a column of the Flink table");
        assertThatThrownBy(() -> router("intHash64(k)", new DoubleType(), "Float64"))
                .hasMessageContaining("Float64 in ClickHouse and DOUBLE in Flink");
        assertThatThrownBy(() -> router("murmurHash3_64(k)", new IntType(), "Nullable(Int32)"))
                .hasMessageContaining("Nullable(Int32)");
        assertThatThrownBy(() -> router("murmurHash3_64(k)", new TimestampType(0), "DateTime"))
                .hasMessageContaining("TIMESTAMP_LTZ");
        assertThatThrownBy(() -> router("k", VarCharType.STRING_TYPE, "String"))
                .hasMessageContaining("Int8..Int64 or UInt8..UInt64");
        assertThatThrownBy(() -> router("k % 7", new DoubleType(), "Float64"))
                .hasMessageContaining("Int8..Int64 or UInt8..UInt64");
        assertThatThrownBy(() -> router("k", VarCharType.STRING_TYPE, "Int32"))
                .hasMessageContaining("TINYINT, SMALLINT, INT or BIGINT");
        assertThatThrownBy(
                        () ->
                                router(
                                        "k % 5000000000",
                                        new org.apache.flink.table.types.logical.BigIntType(),
                                        "UInt32"))
                .hasMessageContaining("'k % 5000000000'")
                .hasMessageContaining("18.16");
    }

    @Test
    void backQuotedNamesAndSpacingAreRead() {
        ShardRouter router =
                ShardRouter.create(
                        "murmurHash3_64( `my col` )",
                        List.of("my col"),
                        List.of(new IntType()),
                        Map.<String, ClickHouseType>of(
                                "my col", ClickHouseTypeParser.parse("Int32")),
                        TWO);
        assertThat(router.shardingValue(GenericRowData.of(-5)))
                .isEqualTo(ClickHouseHashes.murmurHash3_64(-5));
        assertThat(router.expression())
                .isEqualTo(
                        new ShardingExpression.MurmurHash3_64(
                                "my col", "murmurHash3_64( `my col` )"));
    }

    @Test
    void aStringHashesAlikeInEveryRepresentation() {
        ShardRouter router = router("murmurHash3_64(k)", VarCharType.STRING_TYPE, "String");
        ShardRouter binary = router("murmurHash3_64(k)", new VarBinaryType(1000), "String");
        for (int length = 0; length <= 300; length++) {
            String text = "aé😀xyz".repeat(60).substring(0, length);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            long expected = ClickHouseHashes.murmurHash3_64(utf8);

            assertThat(router.shardingValue(GenericRowData.of(BinaryStringData.fromString(text))))
                    .isEqualTo(expected);
            assertThat(binary.shardingValue(GenericRowData.of((Object) utf8))).isEqualTo(expected);

            // the bytes spread over two segments, cut in the middle
            int cut = utf8.length / 2;
            MemorySegment first = MemorySegmentFactory.wrap(new byte[16 + cut]);
            // segments of one size (BinarySegmentUtils needs it): 16 + cut bytes each
            MemorySegment[] segments = {first, MemorySegmentFactory.wrap(new byte[16 + cut])};
            first.put(16, utf8, 0, cut);
            segments[1].put(0, utf8, cut, utf8.length - cut);
            BinaryStringData spread = BinaryStringData.fromAddress(segments, 16, utf8.length);
            assertThat(router.shardingValue(GenericRowData.of(spread))).isEqualTo(expected);

            BinaryRowData row = new BinaryRowData(1);
            BinaryRowWriter writer = new BinaryRowWriter(row);
            writer.writeString(0, BinaryStringData.fromString(text));
            writer.complete();
            assertThat(router.shardingValue(row)).isEqualTo(expected);
        }
    }

    @Test
    void aFixedStringIsZeroPaddedAndALongerValueIsNamed() {
        ShardRouter router = router("murmurHash3_64(k)", VarCharType.STRING_TYPE, "FixedString(4)");
        assertThat(router.shardingValue(GenericRowData.of(BinaryStringData.fromString("ab"))))
                .isEqualTo(ClickHouseHashes.murmurHash3_64(new byte[] {'a', 'b', 0, 0}));
        assertThatThrownBy(
                        () ->
                                router.shardingValue(
                                        GenericRowData.of(BinaryStringData.fromString("abcde"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'")
                .hasMessageContaining("FixedString(4)");
    }

    @Test
    void aNullShardingValueIsNamed() {
        assertThatThrownBy(
                        () ->
                                router("k", new IntType(), "Int32")
                                        .shardOf(GenericRowData.of((Object) null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k' is null");
    }

    @Test
    void randPicksEveryShardAsAUInt32Would() {
        ShardRouter router = router("rand()", new IntType(), "Int32");
        int[] counts = new int[2];
        for (int i = 0; i < 2000; i++) {
            long value = router.shardingValue(GenericRowData.of(1));
            assertThat(value).isBetween(0L, 0xFFFFFFFFL);
            counts[router.shardOf(GenericRowData.of(1))]++;
        }
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isPositive();
    }
}
