package dev.flinkext.connector.redis.config;

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisConnectionOptionsTest {

    private static RedisConnectionOptions parse(Map<String, String> options) {
        return RedisConnectionOptions.fromConfig(Configuration.fromMap(options));
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void standaloneDefaults() {
        RedisConnectionOptions options = parse(Map.of());
        assertThat(options.mode()).isEqualTo(RedisMode.STANDALONE);
        assertThat(options.standalone()).isEqualTo(new RedisAddress("localhost", 6379));
        assertThat(options.database()).isZero();
    }

    @Test
    void clusterNodesAreParsed() {
        RedisConnectionOptions options =
                parse(Map.of("mode", "cluster", "nodes", "10.0.0.1:7000, 10.0.0.2:7001"));
        assertThat(options.clusterNodes())
                .containsExactly(
                        new RedisAddress("10.0.0.1", 7000), new RedisAddress("10.0.0.2", 7001));
    }

    @Test
    void secretsNeverAppearInToString() {
        RedisConnectionOptions options =
                parse(
                        map(
                                "mode", "sentinel",
                                "sentinel.master", "mymaster",
                                "sentinel.nodes", "h:26379",
                                "sentinel.password", "s3ntinel-secret",
                                "username", "app",
                                "password", "p4ss-secret",
                                "ssl", "true",
                                "ssl.truststore.path", "/tmp/ts.p12",
                                "ssl.truststore.password", "tru5t-secret",
                                "ssl.keystore.path", "/tmp/ks.p12",
                                "ssl.keystore.password", "k3y-secret"));
        String text = options.toString();
        assertThat(text)
                .contains("app", "mymaster", "h:26379", "******")
                .doesNotContain("p4ss-secret", "s3ntinel-secret", "tru5t-secret", "k3y-secret");
    }

    @Test
    void optionsOfAnotherModeAreRefusedByName() {
        assertThatThrownBy(() -> parse(Map.of("mode", "cluster", "nodes", "h:1", "host", "x")))
                .hasMessageContaining("'host'")
                .hasMessageContaining("CLUSTER");
        assertThatThrownBy(() -> parse(Map.of("nodes", "h:1")))
                .hasMessageContaining("'nodes'")
                .hasMessageContaining("STANDALONE");
        assertThatThrownBy(() -> parse(Map.of("mode", "sentinel", "sentinel.nodes", "h:1")))
                .hasMessageContaining("'sentinel.master' is required");
        assertThatThrownBy(() -> parse(Map.of("mode", "cluster")))
                .hasMessageContaining("'nodes' is required");
        assertThatThrownBy(() -> parse(Map.of("mode", "cluster", "nodes", "h:1", "database", "2")))
                .hasMessageContaining("'database'");
    }

    @Test
    void malformedAddressesNameTheOptionAndEntry() {
        assertThatThrownBy(() -> parse(Map.of("mode", "cluster", "nodes", "h:1,nohostport")))
                .hasMessageContaining("'nodes'")
                .hasMessageContaining("'nohostport'");
        assertThatThrownBy(() -> parse(Map.of("mode", "cluster", "nodes", "h:99999")))
                .hasMessageContaining("'h:99999'");
    }

    @Test
    void sslOptionsNeedSsl() {
        assertThatThrownBy(() -> parse(Map.of("ssl.truststore.path", "/x")))
                .hasMessageContaining("'ssl'");
    }

    @Test
    void isSerializableAndEqualAfterRoundTrip() throws Exception {
        RedisConnectionOptions options =
                RedisConnectionOptions.builder()
                        .clusterNodes(List.of(new RedisAddress("h", 1)))
                        .password("pw")
                        .build();
        byte[] bytes = org.apache.flink.util.InstantiationUtil.serializeObject(options);
        Object copy =
                org.apache.flink.util.InstantiationUtil.deserializeObject(
                        bytes, getClass().getClassLoader());
        assertThat(copy).isEqualTo(options);
    }

    @Test
    void badValuesFailAsValidationExceptionNamingOptionAndValue() {
        assertThatThrownBy(() -> parse(map("port", "0")))
                .isInstanceOf(org.apache.flink.table.api.ValidationException.class)
                .hasMessageContaining("'port'")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> parse(map("host", " ")))
                .isInstanceOf(org.apache.flink.table.api.ValidationException.class)
                .hasMessageContaining("'host'");
        assertThatThrownBy(() -> parse(map("mode", "cluster", "nodes", "h:x")))
                .isInstanceOf(org.apache.flink.table.api.ValidationException.class)
                .hasMessageContaining("'nodes'")
                .hasMessageContaining("'h:x'");
        assertThatThrownBy(() -> parse(map("pool.max-total", "0")))
                .isInstanceOf(org.apache.flink.table.api.ValidationException.class)
                .hasMessageContaining("'pool.max-total'")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> parse(map("connect-timeout", "0 ms")))
                .isInstanceOf(org.apache.flink.table.api.ValidationException.class)
                .hasMessageContaining("'connect-timeout'")
                .hasMessageContaining("got 0 ms");
    }

    @Test
    void aFailureNeverShowsThePassword() {
        assertThatThrownBy(() -> parse(map("username", "u", "port", "0", "password", "s3cret")))
                .hasMessageNotContaining("s3cret");
        assertThat(parse(map("username", "u", "password", "s3cret")).toString())
                .doesNotContain("s3cret");
    }
}
