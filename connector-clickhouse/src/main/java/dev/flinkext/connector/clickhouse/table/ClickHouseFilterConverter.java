package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;

import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.logical.RowType;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** PLACEHOLDER until the converter lands: converts nothing, so Flink evaluates every filter. */
final class ClickHouseFilterConverter {

    static ClickHouseFilterConverter of(
            RowType physicalType, List<ClickHouseColumn> columns, ZoneId serverZone) {
        return new ClickHouseFilterConverter();
    }

    Optional<String> convert(ResolvedExpression filter) {
        return Optional.empty();
    }
}
