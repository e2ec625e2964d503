package dev.flinkext.connector.redis.config;

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisConnectionOptionsTest {

    private static RedisConnectionOptions parse(Map<String, String> options) {
        return RedisConnectionOptionsResolver.resolve(Configuration.fromMap(options));
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
        assertThat(((RedisEndpoint.Standalone) options.endpoint()).address())
                .isEqualTo(new RedisAddress("localhost", 6379));
        assertThat(options.database()).isZero();
    }

    @Test
    void clusterNodesAreParsed() {
        RedisConnectionOptions options =
                parse(Map.of("mode", "cluster", "nodes", "10.0.0.1:7000, 10.0.0.2:7001"));
        assertThat(((RedisEndpoint.Cluster) options.endpoint()).nodes())
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

    @Test
    void thePartsNeverShowSecretsEither() {
        RedisConnectionOptions options =
                parse(
                        map(
                                "mode", "sentinel",
                                "sentinel.master", "mymaster",
                                "sentinel.nodes", "h:26379",
                                "sentinel.password", "s3ntinel-secret",
                                "password", "p4ss-secret",
                                "ssl", "true",
                                "ssl.truststore.path", "/tmp/ts.p12",
                                "ssl.truststore.password", "tru5t-secret",
                                "ssl.keystore.path", "/tmp/ks.p12",
                                "ssl.keystore.password", "k3y-secret"));
        assertThat(options.endpoint().toString())
                .contains("mymaster", "h:26379")
                .doesNotContain("s3ntinel-secret");
        assertThat(options.tls().toString())
                .contains("/tmp/ts.p12", "/tmp/ks.p12")
                .doesNotContain("tru5t-secret", "k3y-secret");
        assertThat(options.tls().trustStore().toString()).doesNotContain("tru5t-secret");
    }

    @Test
    void tableOptionsResolveToTheEndpointTlsAndPoolOfTheirMode() {
        RedisConnectionOptions options =
                parse(
                        map(
                                "mode", "sentinel",
                                "sentinel.master", "mymaster",
                                "sentinel.nodes", "h1:26379;h2:26380",
                                "sentinel.password", "sp",
                                "database", "3",
                                "pool.max-total", "16",
                                "pool.max-idle", "4",
                                "pool.min-idle", "1"));
        assertThat(options.endpoint())
                .isEqualTo(
                        new RedisEndpoint.Sentinel(
                                "mymaster",
                                List.of(
                                        new RedisAddress("h1", 26379),
                                        new RedisAddress("h2", 26380)),
                                "sp",
                                3));
        assertThat(options.mode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(options.database()).isEqualTo(3);
        assertThat(options.pool()).isEqualTo(new RedisPoolOptions(16, 4, 1));
        assertThat(options.tls()).isEqualTo(RedisTlsOptions.DISABLED);
        assertThat(options.describeAddresses())
                .isEqualTo("sentinel master 'mymaster' via [h1:26379, h2:26380]");
    }

    @Test
    void theBuilderAndTheTableOptionsGiveEqualValues() {
        RedisConnectionOptions fromTable =
                parse(
                        map(
                                "host", "redis",
                                "port", "6380",
                                "database", "2",
                                "username", "app",
                                "password", "pw",
                                "timeout", "5 s"));
        RedisConnectionOptions built =
                RedisConnectionOptions.builder()
                        .standalone("redis", 6380)
                        .database(2)
                        .username("app")
                        .password("pw")
                        .timeout(java.time.Duration.ofSeconds(5))
                        .build();
        assertThat(built).isEqualTo(fromTable).hasSameHashCodeAs(fromTable);
        assertThat(built.endpoint())
                .isEqualTo(new RedisEndpoint.Standalone(new RedisAddress("redis", 6380), 2));
        assertThat(RedisConnectionOptions.builder().standalone("redis", 6380).build())
                .isNotEqualTo(built);
    }

    @Test
    void theBuilderChecksAsTheTableOptionsDo() {
        assertThatThrownBy(() -> RedisConnectionOptions.builder().mode(RedisMode.CLUSTER).build())
                .isInstanceOf(org.apache.flink.table.api.ValidationException.class)
                .hasMessageContaining("'nodes'");
        assertThatThrownBy(
                        () ->
                                RedisConnectionOptions.builder()
                                        .clusterNodes(List.of(new RedisAddress("h", 1)))
                                        .database(1)
                                        .build())
                .hasMessageContaining("'database' must be 0");
        assertThatThrownBy(
                        () ->
                                RedisConnectionOptions.builder()
                                        .sentinel(" ", List.of(new RedisAddress("h", 1)))
                                        .build())
                .hasMessageContaining("'sentinel.master'");
        assertThatThrownBy(() -> RedisConnectionOptions.builder().pool(4, 2, 3).build())
                .hasMessageContaining("'pool.min-idle' (3)");
        assertThatThrownBy(() -> RedisConnectionOptions.builder().username("u").build())
                .hasMessageContaining("'username' needs 'password'");
        assertThatThrownBy(() -> RedisConnectionOptions.builder().database(-1).build())
                .hasMessageContaining("got -1");
    }
}
