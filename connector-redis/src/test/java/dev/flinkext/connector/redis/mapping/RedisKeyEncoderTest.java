package dev.flinkext.connector.redis.mapping;

import dev.flinkext.connector.redis.config.RedisTableMapping;
import dev.flinkext.connector.redis.config.RedisTableMappingResolver;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisKeyEncoderTest {

    private static final RedisTableMapping MAPPING =
            RedisTableMappingResolver.resolve(
                    List.of("a", "b", "v"),
                    List.<LogicalType>of(
                            new VarCharType(false, 10),
                            new VarCharType(false, 10),
                            new VarCharType()),
                    List.of("a", "b"),
                    Configuration.fromMap(Map.of("key-prefix", "t:")),
                    false);

    @Test
    void integralKeysAreTheirDecimalText() {
        for (String prefix : List.of("u:", "")) {
            Configuration options =
                    prefix.isEmpty()
                            ? new Configuration()
                            : Configuration.fromMap(Map.of("key-prefix", prefix));
            RedisKeyEncoder bigints =
                    new RedisKeyEncoder(
                            RedisTableMappingResolver.resolve(
                                    List.of("id", "v"),
                                    List.<LogicalType>of(new BigIntType(false), new VarCharType()),
                                    List.of("id"),
                                    options,
                                    false));
            RedisKeyEncoder ints =
                    new RedisKeyEncoder(
                            RedisTableMappingResolver.resolve(
                                    List.of("id", "v"),
                                    List.<LogicalType>of(new IntType(false), new VarCharType()),
                                    List.of("id"),
                                    options,
                                    false));
            for (long id :
                    new long[] {
                        0,
                        7,
                        -7,
                        10,
                        -10,
                        1_000_000,
                        999_999_999_999L,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE
                    }) {
                assertThat(text(bigints.encode(GenericRowData.of(id, null))))
                        .isEqualTo(prefix + id);
            }
            for (int id : new int[] {0, 42, -42, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                assertThat(text(ints.encode(GenericRowData.of(id, null)))).isEqualTo(prefix + id);
            }
        }
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Test
    void joinsCompositeKeysWithPrefixAndSeparator() {
        byte[] key = new RedisKeyEncoder(MAPPING).encode(row("x", "y"));

        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("t:x:y");
    }

    @Test
    void refusesToWriteAKeyPartHoldingTheSeparator() {
        // ("a:b", "c") and ("a", "b:c") would both become t:a:b:c and overwrite each other
        RedisKeyEncoder sinkKeys = new RedisKeyEncoder(MAPPING);

        assertThatThrownBy(() -> sinkKeys.encode(row("a:b", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("key separator ':'")
                .hasMessageContaining("key.separator");
    }

    @Test
    void aSingleKeyColumnMayHoldTheSeparator() {
        // one part cannot be ambiguous: t:a:b is only ever the key of "a:b"
        RedisTableMapping single =
                RedisTableMappingResolver.resolve(
                        List.of("a", "v"),
                        List.<LogicalType>of(new VarCharType(false, 10), new VarCharType()),
                        List.of("a"),
                        Configuration.fromMap(Map.of("key-prefix", "t:")),
                        false);

        byte[] key =
                new RedisKeyEncoder(single)
                        .encode(GenericRowData.of(StringData.fromString("a:b"), null));

        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("t:a:b");
    }

    @Test
    void lookupKeysWithTheSeparatorAreStillEncoded() {
        // such a key cannot have been written by the sink: the lookup simply misses
        byte[] key = new RedisKeyEncoder(MAPPING, new int[] {0, 1}).encode(row("a:b", "c"));

        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("t:a:b:c");
    }

    private static GenericRowData row(String a, String b) {
        return GenericRowData.of(
                StringData.fromString(a), StringData.fromString(b), StringData.fromString("v"));
    }
}
