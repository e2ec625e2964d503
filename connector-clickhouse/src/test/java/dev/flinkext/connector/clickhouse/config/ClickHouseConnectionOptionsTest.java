package dev.flinkext.connector.clickhouse.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseConnectionOptionsTest {

    private static Map<String, String> options(String... keyValues) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    private static ClickHouseConnectionOptions resolve(String... keyValues) {
        Map<String, String> options = options(keyValues);
        return ClickHouseConnectionOptionsResolver.resolve(Configuration.fromMap(options), options);
    }

    @Test
    void readsEveryOption() {
        ClickHouseConnectionOptions options =
                resolve(
                        "url", "https://ch1:8443, https://ch2",
                        "username", "writer",
                        "password", "s3cret!",
                        "tls.trust-certificate", "/etc/ca.pem",
                        "connect-timeout", "3 s",
                        "socket-timeout", "2 min",
                        "compression", "true",
                        "properties.max_insert_block_size", "100000",
                        "properties.insert_quorum", "2");
        assertThat(options.endpoints())
                .containsExactly(
                        new ClickHouseEndpoint(true, "ch1", 8443),
                        new ClickHouseEndpoint(true, "ch2", 8443));
        assertThat(options.username()).isEqualTo("writer");
        assertThat(options.password()).isEqualTo("s3cret!");
        assertThat(options.trustCertificate()).contains("/etc/ca.pem");
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.compression()).isTrue();
        assertThat(options.settings()) // sorted by name
                .containsExactly(
                        Map.entry("insert_quorum", "2"),
                        Map.entry("max_insert_block_size", "100000"));
        assertThat(options)
                .isEqualTo(
                        ClickHouseConnectionOptions.builder("https://ch1:8443,https://ch2")
                                .username("writer")
                                .password("s3cret!")
                                .trustCertificate("/etc/ca.pem")
                                .connectTimeout(Duration.ofSeconds(3))
                                .socketTimeout(Duration.ofMinutes(2))
                                .compression(true)
                                .setting("max_insert_block_size", "100000")
                                .setting("insert_quorum", "2")
                                .build());
    }

    @Test
    void defaultsSuitOldServers() {
        ClickHouseConnectionOptions options = resolve("url", "http://127.0.0.1");
        assertThat(options.endpoints())
                .containsExactly(new ClickHouseEndpoint(false, "127.0.0.1", 8123));
        assertThat(options.username()).isEqualTo("default");
        assertThat(options.password()).isEmpty();
        assertThat(options.compression()).isFalse();
        assertThat(options.settings()).isEmpty();
        assertThat(options.endpoints().get(0).url()).isEqualTo("http://127.0.0.1:8123");
    }

    @Test
    void thePasswordNeverShows() {
        ClickHouseConnectionOptions options =
                resolve("url", "http://ch:8123", "username", "u", "password", "hunter2-secret");
        assertThat(options.toString()).doesNotContain("hunter2").contains("******");
        assertThat(options.sharingKey()).doesNotContain("hunter2");
        ClickHouseConnectionOptions other =
                resolve("url", "http://ch:8123", "username", "u", "password", "other");
        assertThat(other.sharingKey()).isNotEqualTo(options.sharingKey());
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> resolve("url", "http://bob:hunter2@ch:8123"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'url'")
                .hasMessageContaining("'username'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> resolve("username", "u"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Option 'url' is required.");
        for (String url :
                List.of("ch:8123", "tcp://ch:9000", "http://ch:8123/db", "http://:8123")) {
            assertThatThrownBy(() -> resolve("url", url))
                    .as(url)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("option 'url'");
        }
        assertThatThrownBy(() -> resolve("url", " , "))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("names no endpoint");
        assertThatThrownBy(() -> resolve("url", "http://a:8123,https://b:8443"))
                .hasMessageContaining("mixes http and https");
        assertThatThrownBy(() -> resolve("url", "http://a", "tls.trust-certificate", "/ca.pem"))
                .hasMessageContaining("'tls.trust-certificate' needs https");
        assertThatThrownBy(() -> resolve("url", "http://a", "socket-timeout", "0 s"))
                .hasMessageContaining("'socket-timeout'");
        assertThatThrownBy(() -> resolve("url", "http://a", "properties.max threads", "2"))
                .hasMessageContaining("'properties.max threads'");
        assertThatThrownBy(() -> resolve("url", "http://a", "username", " "))
                .hasMessageContaining("'username'");
    }

    @Test
    void tableNameIsRequired() {
        assertThatThrownBy(() -> ClickHouseConnectionOptionsResolver.tableName(new Configuration()))
                .hasMessage("Option 'table-name' is required.");
        assertThat(
                        ClickHouseConnectionOptionsResolver.tableName(
                                Configuration.fromMap(Map.of("table-name", "events"))))
                .isEqualTo("events");
    }
}
