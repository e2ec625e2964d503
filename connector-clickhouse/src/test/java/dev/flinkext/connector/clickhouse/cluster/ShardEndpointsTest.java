package dev.flinkext.connector.clickhouse.cluster;

import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code replica-urls} option and how a replica's HTTP endpoint is chosen. */
class ShardEndpointsTest {

    private static final ClickHouseEndpoint CONFIGURED = ClickHouseEndpoint.parse("http://ch:8124");

    @Test
    void listedReplicasUseTheirUrlTheOthersTheConfiguredSchemeAndPort() {
        ShardEndpoints endpoints =
                ShardEndpoints.fromOption(
                        " ch-1=http://10.0.0.1:8123, ch-2:9001=https://ch-2.example:8443,"
                                + " ch-2=http://10.0.0.2 ,",
                        CONFIGURED);
        assertThat(endpoints.endpointOf("ch-1", 9000).url()).isEqualTo("http://10.0.0.1:8123");
        assertThat(endpoints.endpointOf("ch-2", 9001).url()).isEqualTo("https://ch-2.example:8443");
        assertThat(endpoints.endpointOf("ch-2", 9000).url()).isEqualTo("http://10.0.0.2:8123");
        assertThat(endpoints.endpointOf("ch-3", 9000).url()).isEqualTo("http://ch-3:8124");
    }

    @Test
    void badEntriesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> ShardEndpoints.fromOption("ch-1", CONFIGURED))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'replica-urls'")
                .hasMessageContaining("'ch-1' is not host[:tcpPort]=url");
        assertThatThrownBy(() -> ShardEndpoints.fromOption("ch-1=ftp://x", CONFIGURED))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'replica-urls' at 'ch-1'")
                .hasMessageContaining("http or https");
        assertThatThrownBy(
                        () -> ShardEndpoints.fromOption("ch-1=http://a, ch-1=http://b", CONFIGURED))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'ch-1' is given twice");
    }
}
