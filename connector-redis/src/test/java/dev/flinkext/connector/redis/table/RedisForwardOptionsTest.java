package dev.flinkext.connector.redis.table;

import dev.flinkext.connector.redis.RedisDynamicTableFactory;
import dev.flinkext.connector.redis.config.RedisConnectorOptions;

import org.apache.flink.configuration.ConfigOption;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Forwarded options reach the data; options that change which data or its shape are not. */
class RedisForwardOptionsTest {

    private final RedisDynamicTableFactory factory = new RedisDynamicTableFactory();

    @Test
    void forwardedOptionsAreDeclaredOptions() {
        assertThat(factory.optionalOptions()).containsAll(factory.forwardOptions());
    }

    @Test
    void credentialsAddressesAndTimeoutsAreForwarded() {
        assertThat(factory.forwardOptions())
                .contains(
                        RedisConnectorOptions.PASSWORD,
                        RedisConnectorOptions.SSL_TRUSTSTORE_PASSWORD,
                        RedisConnectorOptions.HOST,
                        RedisConnectorOptions.NODES,
                        RedisConnectorOptions.TIMEOUT);
    }

    @Test
    void whatTheRowsAreIsNotForwarded() {
        Set<ConfigOption<?>> forwarded = factory.forwardOptions();
        assertThat(forwarded)
                .doesNotContain(
                        RedisConnectorOptions.MODE,
                        RedisConnectorOptions.DATABASE,
                        RedisConnectorOptions.DATA_TYPE,
                        RedisConnectorOptions.KEY_PREFIX,
                        RedisConnectorOptions.KEY_FIELDS,
                        RedisConnectorOptions.VALUE_FORMAT,
                        RedisConnectorOptions.SCAN_MATCH);
    }
}
