package dev.flinkext.connector.kudu.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KuduConnectionOptionsTest {

    private static Configuration config(String... keyValues) {
        Configuration config = new Configuration();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setString(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void readsMastersTimeoutsAndSaslName() {
        KuduConnectionOptions options =
                KuduConnectionOptionsResolver.resolve(
                        config(
                                "masters", "m1:7051, m2:7051,m3",
                                "client.operation-timeout", "5 s",
                                "client.admin-timeout", "1 min",
                                "client.sasl-protocol-name", "kudu-prod"));
        assertThat(options.masters()).containsExactly("m1:7051", "m2:7051", "m3");
        assertThat(options.masterAddresses()).isEqualTo("m1:7051,m2:7051,m3");
        assertThat(options.operationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.adminTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.saslProtocolName()).contains("kudu-prod");
        assertThat(options)
                .isEqualTo(
                        KuduConnectionOptions.builder("m1:7051,m2:7051,m3")
                                .operationTimeout(Duration.ofSeconds(5))
                                .adminTimeout(Duration.ofMinutes(1))
                                .saslProtocolName("kudu-prod")
                                .build());
    }

    @Test
    void defaultsAreKudus() {
        KuduConnectionOptions options =
                KuduConnectionOptionsResolver.resolve(config("masters", "m"));
        assertThat(options.operationTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.adminTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.saslProtocolName()).isEmpty();
    }

    @Test
    void equalOptionsShareAClientOthersDoNot() {
        KuduConnectionOptions a = KuduConnectionOptions.builder("m1,m2").build();
        assertThat(KuduConnectionOptions.builder("m1,m2").build().sharingKey())
                .isEqualTo(a.sharingKey());
        assertThat(KuduConnectionOptions.builder("m2,m1").build().sharingKey())
                .isNotEqualTo(a.sharingKey());
        assertThat(
                        KuduConnectionOptions.builder("m1,m2")
                                .saslProtocolName("other")
                                .build()
                                .sharingKey())
                .isNotEqualTo(a.sharingKey());
    }

    @Test
    void badValuesNameTheOptionAndTheValue() {
        assertThatThrownBy(() -> KuduConnectionOptionsResolver.resolve(config()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Option 'masters' is required.");
        assertThatThrownBy(() -> KuduConnectionOptionsResolver.resolve(config("masters", "a b:1")))
                .hasMessage("Invalid value for option 'masters': 'a b:1' is not a host[:port].");
        assertThatThrownBy(
                        () ->
                                KuduConnectionOptionsResolver.resolve(
                                        config("masters", "m", "client.admin-timeout", "0 ms")))
                .hasMessage(
                        "Invalid value for option 'client.admin-timeout': PT0S (must be"
                                + " positive).");
        assertThatThrownBy(
                        () ->
                                KuduConnectionOptionsResolver.resolve(
                                        config("masters", "m", "client.sasl-protocol-name", " ")))
                .hasMessageContaining("'client.sasl-protocol-name'");
        assertThatThrownBy(() -> KuduConnectionOptionsResolver.tableName(config("table-name", "")))
                .hasMessage("Option 'table-name' is required and must not be blank.");
        assertThat(KuduConnectionOptionsResolver.tableName(config("table-name", "impala::db.t")))
                .isEqualTo("impala::db.t");
    }

    @Test
    void sinkOptionsReadSinkCoreAndTheIgnoreFlags() {
        KuduSinkOptions options =
                KuduSinkOptions.fromConfig(
                        config(
                                "sink.buffer-flush.max-rows", "10",
                                "sink.max-retries", "5",
                                "sink.ignore-not-found", "true",
                                "sink.parallelism", "3"));
        assertThat(options.writer().maxRows()).isEqualTo(10);
        assertThat(options.writer().retryPolicy().maxRetries()).isEqualTo(5);
        assertThat(options.ignoreNotFound()).isTrue();
        assertThat(options.ignoreDuplicate()).isFalse();
        assertThat(options.parallelism()).contains(3);
        assertThatThrownBy(() -> KuduSinkOptions.fromConfig(config("sink.parallelism", "0")))
                .hasMessage("Invalid value for option 'sink.parallelism': 0 (must be at least 1).");
    }

    @Test
    void twoBatchesInFlightUnlessTheUserSaysOtherwise() {
        assertThat(KuduSinkOptions.fromConfig(config()).writer().maxInFlightBatches())
                .isEqualTo(KuduSinkOptions.DEFAULT_MAX_IN_FLIGHT_BATCHES)
                .isEqualTo(2);
        assertThat(KuduSinkOptions.builder().build().writer().maxInFlightBatches()).isEqualTo(2);
        assertThat(
                        KuduSinkOptions.fromConfig(config("sink.max-in-flight-batches", "1"))
                                .writer()
                                .maxInFlightBatches())
                .isEqualTo(1);
        assertThat(
                        KuduSinkOptions.builder()
                                .maxInFlightBatches(1)
                                .build()
                                .writer()
                                .maxInFlightBatches())
                .isEqualTo(1);
    }

    @Test
    void everyOptionHasADescription() {
        assertThat(
                        List.of(
                                KuduConnectorOptions.MASTERS,
                                KuduConnectorOptions.TABLE_NAME,
                                KuduConnectorOptions.CLIENT_OPERATION_TIMEOUT,
                                KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT,
                                KuduConnectorOptions.CLIENT_SASL_PROTOCOL_NAME,
                                KuduConnectorOptions.SINK_IGNORE_NOT_FOUND,
                                KuduConnectorOptions.SINK_IGNORE_DUPLICATE))
                .allSatisfy(o -> assertThat(o.description().getBlocks()).as(o.key()).isNotEmpty());
    }
}
