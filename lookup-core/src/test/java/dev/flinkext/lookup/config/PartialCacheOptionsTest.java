package dev.flinkext.lookup.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartialCacheOptionsTest {

    private static PartialCacheOptions parse(Map<String, String> options) {
        Configuration config = Configuration.fromMap(options);
        config.setString("lookup.cache", "PARTIAL");
        return PartialCacheOptions.fromConfig(config);
    }

    @Test
    void readsFlinksAndFlinkextsOptions() {
        PartialCacheOptions options =
                parse(
                        Map.of(
                                "lookup.partial-cache.max-rows", "1000",
                                "lookup.partial-cache.expire-after-write", "10 min",
                                "lookup.partial-cache.expire-after-access", "5 min",
                                "lookup.partial-cache.cache-missing-key", "true",
                                "lookup.partial-cache.missing-key-ttl", "30 s",
                                "lookup.partial-cache.refresh-after-write", "1 min"));

        assertThat(options)
                .isEqualTo(
                        PartialCacheOptions.builder()
                                .maxRows(1000)
                                .expireAfterWrite(Duration.ofMinutes(10))
                                .expireAfterAccess(Duration.ofMinutes(5))
                                .cacheMissingKey(true)
                                .missingKeyTtl(Duration.ofSeconds(30))
                                .refreshAfterWrite(Duration.ofMinutes(1))
                                .build());
        assertThat(options.maxBytes()).isEmpty();
    }

    @Test
    void readsMaxBytesAsAMemorySize() {
        PartialCacheOptions options = parse(Map.of("lookup.partial-cache.max-bytes", "64 mb"));
        assertThat(options.maxBytes()).contains(64L * 1024 * 1024);
        assertThat(options.cacheMissingKey()).isTrue(); // Flink's default
    }

    @Test
    void refusesACacheTypeOtherThanPartial() {
        Configuration config = new Configuration();
        config.setString("lookup.cache", "FULL");
        assertThatThrownBy(() -> PartialCacheOptions.fromConfig(config))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.cache'")
                .hasMessageContaining("FULL");
    }

    @Test
    void refusesAnUnboundedCache() {
        assertThatThrownBy(() -> parse(Map.of("lookup.partial-cache.missing-key-ttl", "1 min")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("lookup.partial-cache.max-rows")
                .hasMessageContaining("lookup.partial-cache.max-bytes")
                .hasMessageContaining("lookup.partial-cache.expire-after-write")
                .hasMessageContaining("lookup.partial-cache.expire-after-access");
    }

    @Test
    void refusesMaxRowsAndMaxBytesTogether() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        Map.of(
                                                "lookup.partial-cache.max-rows", "10",
                                                "lookup.partial-cache.max-bytes", "1mb")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.partial-cache.max-rows'")
                .hasMessageContaining("'lookup.partial-cache.max-bytes'");
    }

    @Test
    void refusesNonPositiveValues() {
        assertThatThrownBy(() -> parse(Map.of("lookup.partial-cache.max-rows", "0")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.partial-cache.max-rows' must be positive");
        assertThatThrownBy(() -> parse(Map.of("lookup.partial-cache.max-bytes", "0 b")))
                .hasMessageContaining("'lookup.partial-cache.max-bytes' must be positive");
        assertThatThrownBy(() -> parse(Map.of("lookup.partial-cache.expire-after-write", "0 s")))
                .hasMessageContaining("'lookup.partial-cache.expire-after-write' must be positive");
        assertThatThrownBy(
                        () ->
                                parse(
                                        Map.of(
                                                "lookup.partial-cache.max-rows", "10",
                                                "lookup.partial-cache.refresh-after-write", "0 s")))
                .hasMessageContaining(
                        "'lookup.partial-cache.refresh-after-write' must be positive");
    }

    @Test
    void refusesRefreshAfterWriteNotShorterThanExpireAfterWrite() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        Map.of(
                                                "lookup.partial-cache.expire-after-write", "1 min",
                                                "lookup.partial-cache.refresh-after-write",
                                                        "1 min")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.partial-cache.refresh-after-write'")
                .hasMessageContaining("'lookup.partial-cache.expire-after-write'");
    }

    @Test
    void refusesMissingKeyTtlWhenMissingKeysAreNotCached() {
        assertThatThrownBy(
                        () ->
                                parse(
                                        Map.of(
                                                "lookup.partial-cache.max-rows", "10",
                                                "lookup.partial-cache.cache-missing-key", "false",
                                                "lookup.partial-cache.missing-key-ttl", "1 s")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.partial-cache.missing-key-ttl'")
                .hasMessageContaining("'lookup.partial-cache.cache-missing-key'");
    }

    @Test
    void refusesRefreshAheadWithoutAReader() {
        PartialCacheOptions options =
                parse(
                        Map.of(
                                "lookup.partial-cache.max-rows", "10",
                                "lookup.partial-cache.refresh-after-write", "1 min"));
        assertThatThrownBy(() -> options.requireRefresher(false))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'lookup.partial-cache.refresh-after-write'");
    }

    @Test
    void isSerializable() throws Exception {
        PartialCacheOptions options =
                parse(
                        Map.of(
                                "lookup.partial-cache.max-bytes", "1mb",
                                "lookup.partial-cache.missing-key-ttl", "3 s"));
        assertThat(InstantiationUtil.clone(options)).isEqualTo(options);
    }
}
