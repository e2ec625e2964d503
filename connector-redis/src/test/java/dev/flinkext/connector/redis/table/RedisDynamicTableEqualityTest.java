package dev.flinkext.connector.redis.table;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner compares sources and sinks: two built from the same table are equal, others not. */
class RedisDynamicTableEqualityTest {

    private static final ResolvedSchema SCHEMA =
            new ResolvedSchema(
                    List.of(
                            Column.physical("k", DataTypes.STRING().notNull()),
                            Column.physical("v", DataTypes.STRING())),
                    List.of(),
                    UniqueConstraint.primaryKey("pk", List.of("k")),
                    List.of());

    private static Map<String, String> options(String... extra) {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "redis");
        options.put("password", "p");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    private static ResolvedCatalogTable table(Map<String, String> options) {
        Schema schema = Schema.newBuilder().fromResolvedSchema(SCHEMA).build();
        return new ResolvedCatalogTable(
                CatalogTable.newBuilder().schema(schema).options(options).build(), SCHEMA);
    }

    private static DynamicTableSource source(Map<String, String> options) {
        return FactoryUtil.createDynamicTableSource(
                null,
                ObjectIdentifier.of("c", "d", "t"),
                table(options),
                Map.of(),
                new Configuration(),
                RedisDynamicTableEqualityTest.class.getClassLoader(),
                false);
    }

    private static DynamicTableSink sink(Map<String, String> options) {
        return FactoryUtil.createDynamicTableSink(
                null,
                ObjectIdentifier.of("c", "d", "t"),
                table(options),
                Map.of(),
                new Configuration(),
                RedisDynamicTableEqualityTest.class.getClassLoader(),
                false);
    }

    @Test
    void sourcesOfTheSameTableAreEqualAndDifferencesCount() {
        DynamicTableSource source = source(options());
        assertThat(source).isEqualTo(source(options())).hasSameHashCodeAs(source(options()));
        assertThat(source.copy()).isEqualTo(source);
        assertThat(source).isNotEqualTo(source(options("password", "other")));
        assertThat(source).isNotEqualTo(source(options("scan.count", "7")));
        assertThat(source).isNotEqualTo(source(options("key-prefix", "user:")));
        assertThat(source).isNotEqualTo(source(options("lookup.async", "true")));
    }

    @Test
    void aProjectedSourceDiffersFromTheWholeOne() {
        RedisDynamicTableSource projected = (RedisDynamicTableSource) source(options());
        DataType onlyK = DataTypes.ROW(DataTypes.FIELD("k", DataTypes.STRING().notNull()));
        projected.applyProjection(new int[][] {{0}}, onlyK);
        assertThat(projected).isNotEqualTo(source(options()));
        assertThat(projected.copy()).isEqualTo(projected);
    }

    @Test
    void sinksOfTheSameTableAreEqualAndDifferencesCount() {
        DynamicTableSink sink = sink(options());
        assertThat(sink).isEqualTo(sink(options())).hasSameHashCodeAs(sink(options()));
        assertThat(sink.copy()).isEqualTo(sink);
        assertThat(sink).isNotEqualTo(sink(options("timeout", "7 s")));
        assertThat(sink).isNotEqualTo(sink(options("key-prefix", "user:")));
        assertThat(sink).isNotEqualTo(sink(options("key.separator", "|")));
    }
}
