package dev.flinkext.connector.clickhouse.client;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared client against the real (18.16) server. */
class ClickHouseClientsTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static ClickHouseConnectionOptions options() {
        return ClickHouseConnectionOptions.builder(CLICKHOUSE.server().httpUrl())
                .setting("max_threads", "2")
                .build();
    }

    @Test
    void oneClientPerOptionsClosedWithTheLastLease() throws Exception {
        ClickHouseConnectionOptions options = options();
        SharedResources.Lease<Client> first = ClickHouseClients.acquire(options);
        SharedResources.Lease<Client> second =
                ClickHouseClients.acquire(
                        ClickHouseConnectionOptions.builder(CLICKHOUSE.server().httpUrl())
                                .setting("max_threads", "2")
                                .build());
        assertThat(second.get()).isSameAs(first.get());
        assertThat(ClickHouseClients.references(options)).isEqualTo(2);
        first.close();
        assertThat(ClickHouseClients.references(options)).isEqualTo(1);
        second.close();
        assertThat(ClickHouseClients.references(options)).isZero();
    }

    @Test
    void insertsRowBinaryAndSendsTheSettingsWithCompressionOff() throws Exception {
        CLICKHOUSE
                .server()
                .execute(
                        "CREATE TABLE default.client_probe (k UInt32, s String)"
                                + " ENGINE = MergeTree ORDER BY k");
        // RowBinary by hand: UInt32 little-endian, then String as varint length + UTF-8
        byte[] word = "héllo".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[4 + 1 + word.length];
        payload[0] = 7;
        payload[4] = (byte) word.length;
        System.arraycopy(word, 0, payload, 5, word.length);
        try (SharedResources.Lease<Client> client = ClickHouseClients.acquire(options())) {
            client.get()
                    .insert(
                            "default.client_probe",
                            new ByteArrayInputStream(payload),
                            com.clickhouse.data.ClickHouseFormat.RowBinary)
                    .get(30, TimeUnit.SECONDS)
                    .close();
            try (QueryResponse response =
                    client.get()
                            .query(
                                    "SELECT value FROM system.settings WHERE name = 'max_threads'"
                                            + " FORMAT TabSeparated")
                            .get(30, TimeUnit.SECONDS)) {
                assertThat(
                                new String(
                                                response.getInputStream().readAllBytes(),
                                                StandardCharsets.UTF_8)
                                        .trim())
                        .isEqualTo("2");
            }
        }
        assertThat(CLICKHOUSE.server().query("SELECT k, s FROM default.client_probe"))
                .containsExactly(List.of("7", "héllo"));
    }
}
