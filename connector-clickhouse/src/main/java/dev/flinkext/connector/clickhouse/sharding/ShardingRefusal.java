package dev.flinkext.connector.clickhouse.sharding;

import org.apache.flink.table.api.ValidationException;

/** The one wording of "this sharding expression cannot be reproduced", with the reason. */
final class ShardingRefusal {

    private ShardingRefusal() {}

    static ValidationException of(String expression, String why) {
        return new ValidationException(
                "The sharding expression '"
                        + expression
                        + "' cannot be reproduced for writing to the local tables: "
                        + why
                        + ".");
    }
}
