package dev.flinkext.connector.clickhouse.source;

import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseSourceSplitSerializerTest {

    private static final ClickHouseSourceSplitSerializer SERIALIZER =
            ClickHouseSourceSplitSerializer.INSTANCE;

    @Test
    void roundTripsASplitOfAPartitionAtSeveralReplicas() throws Exception {
        ClickHouseSourceSplit split =
                new ClickHouseSourceSplit(
                                "shard-2/202401",
                                List.of(
                                        new ClickHouseEndpoint(true, "replica-1", 8443),
                                        new ClickHouseEndpoint(false, "10.0.0.2", 8123)),
                                "`db`.`events_local`",
                                Optional.of("202401"),
                                0)
                        .emitted(42);

        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split)))
                .isEqualTo(split);
    }

    @Test
    void roundTripsASplitOfATableWithoutPartitions() throws Exception {
        ClickHouseSourceSplit split =
                new ClickHouseSourceSplit(
                        "all",
                        List.of(new ClickHouseEndpoint(false, "localhost", 8123)),
                        "`default`.`t`",
                        Optional.empty(),
                        7);

        assertThat(SERIALIZER.deserialize(SERIALIZER.getVersion(), SERIALIZER.serialize(split)))
                .isEqualTo(split);
    }
}
