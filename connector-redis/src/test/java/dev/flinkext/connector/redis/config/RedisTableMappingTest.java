package dev.flinkext.connector.redis.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Table shapes the mapping refuses at planning time because rows would overwrite each other. */
class RedisTableMappingTest {

    private static final List<String> NAMES = List.of("a", "b", "v");
    private static final List<LogicalType> TYPES =
            List.of(VarCharType.STRING_TYPE, new IntType(), VarCharType.STRING_TYPE);

    /**
     * PRIMARY KEY (a, b) but the Redis key only from a: rows (1, 1) and (1, 2) would share one
     * STRING key, and deleting one would delete the other's value.
     */
    @Test
    void stringKeyMustBeTheWholePrimaryKey() {
        assertThatThrownBy(
                        () ->
                                resolve(
                                        List.of("a", "b"),
                                        Map.of(
                                                "data-type", "STRING",
                                                "key.fields", "a",
                                                "value.column", "v")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'key.fields'")
                .hasMessageContaining("[a, b]");
    }

    @Test
    void stringKeyMayListThePrimaryKeyInAnotherOrder() {
        RedisTableMapping mapping =
                resolve(
                        List.of("a", "b"),
                        Map.of("data-type", "STRING", "key.fields", "b;a", "value.column", "v"));
        assertThat(mapping.keyPositions()).containsExactly(1, 0);
    }

    private static RedisTableMapping resolve(List<String> primaryKey, Map<String, String> options) {
        return RedisTableMappingResolver.resolve(
                NAMES, TYPES, primaryKey, Configuration.fromMap(options), false);
    }

    @Test
    void equalTablesResolveToEqualMappingsThatSurviveSerialization() throws Exception {
        Map<String, String> options =
                Map.of("data-type", "STRING", "key.fields", "a;b", "value.column", "v");
        RedisTableMapping mapping = resolve(List.of("a", "b"), options);
        assertThat(resolve(List.of("a", "b"), options))
                .isEqualTo(mapping)
                .hasSameHashCodeAs(mapping);
        assertThat(resolve(List.of("b", "a"), Map.of("data-type", "STRING", "value.column", "v")))
                .isNotEqualTo(mapping);
        byte[] bytes = org.apache.flink.util.InstantiationUtil.serializeObject(mapping);
        Object copy =
                org.apache.flink.util.InstantiationUtil.deserializeObject(
                        bytes, getClass().getClassLoader());
        assertThat(copy).isEqualTo(mapping);
        assertThat(mapping.toString()).isEqualTo("RedisTableMapping{STRING, key=[a, b], value=v}");
    }
}
