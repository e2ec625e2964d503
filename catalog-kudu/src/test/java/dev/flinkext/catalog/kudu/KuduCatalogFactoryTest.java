package dev.flinkext.catalog.kudu;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.FactoryUtil;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The factory found through the SPI file, its defaults and its validation (no server needed). */
class KuduCatalogFactoryTest {

    private static Catalog create(Map<String, String> options) {
        return FactoryUtil.createCatalog(
                "kudu",
                options,
                new Configuration(),
                Thread.currentThread().getContextClassLoader());
    }

    @Test
    void createsCatalogWithDefaults() {
        Catalog catalog = create(Map.of("type", "kudu", "masters", "host-a:7051,host-b"));
        assertThat(catalog).isInstanceOf(KuduCatalog.class);
        assertThat(catalog.getDefaultDatabase()).isEqualTo("default");
        Map<String, String> options = ((KuduCatalog) catalog).connectorOptions("db.t");
        assertThat(options)
                .containsEntry("connector", "kudu")
                .containsEntry("masters", "host-a:7051,host-b")
                .containsEntry("table-name", "db.t")
                .containsEntry("client.operation-timeout", "30 s")
                .containsEntry("client.admin-timeout", "30 s")
                .doesNotContainKey("client.sasl-protocol-name");
        Catalog other =
                create(
                        Map.of(
                                "type", "kudu",
                                "masters", "h",
                                "default-database", "main",
                                "client.sasl-protocol-name", "kudu2"));
        assertThat(other.getDefaultDatabase()).isEqualTo("main");
        assertThat(((KuduCatalog) other).connectorOptions("t"))
                .containsEntry("client.sasl-protocol-name", "kudu2");
    }

    @Test
    void refusesUnknownAndMissingOptions() {
        assertThatThrownBy(() -> create(Map.of("type", "kudu", "masters", "h", "mastrs", "x")))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("mastrs");
        assertThatThrownBy(() -> create(Map.of("type", "kudu")))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("masters");
        assertThatThrownBy(
                        () ->
                                create(
                                        Map.of(
                                                "type",
                                                "kudu",
                                                "masters",
                                                "h",
                                                "client.admin-timeout",
                                                "0 s")))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("client.admin-timeout");
    }
}
