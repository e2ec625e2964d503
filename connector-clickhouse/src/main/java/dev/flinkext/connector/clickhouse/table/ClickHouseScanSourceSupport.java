package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseScanOptions;
import dev.flinkext.connector.clickhouse.mapping.ClickHouseReadMapping;
import dev.flinkext.connector.clickhouse.schema.ClickHouseColumn;
import dev.flinkext.connector.clickhouse.source.ClickHouseScanQuery;
import dev.flinkext.connector.clickhouse.source.ClickHouseScanTarget;
import dev.flinkext.connector.clickhouse.source.ClickHouseSource;

import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a ClickHouse table source needs for scans, so the source class only delegates: the
 * {@link ClickHouseSource} for the produced (projected) columns, the pushed filters and limit, and
 * the filter conversion. Built at planning time with what the server said of the table (its
 * columns, time zone, engine and, for a Distributed table, its shards).
 */
public final class ClickHouseScanSourceSupport {

    private final ClickHouseConnectionOptions connection;
    private final String describe;
    private final List<ClickHouseColumn> columns;
    private final ZoneId serverZone;
    private final ClickHouseScanTarget target;
    private final boolean useFinal;
    private final ClickHouseScanOptions options;
    private final ClickHouseFilterConverter filters;

    /**
     * @param describe the table and endpoints, for messages
     * @param physicalType the DDL's physical columns (filters name them)
     * @param useFinal the (local) table's engine merges rows: scans read with FINAL
     */
    public ClickHouseScanSourceSupport(
            ClickHouseConnectionOptions connection,
            String describe,
            RowType physicalType,
            List<ClickHouseColumn> columns,
            ZoneId serverZone,
            ClickHouseScanTarget target,
            boolean useFinal,
            ClickHouseScanOptions options) {
        this.connection = connection;
        this.describe = describe;
        this.columns = List.copyOf(columns);
        this.serverZone = serverZone;
        this.target = target;
        this.useFinal = useFinal;
        this.options = options;
        this.filters = ClickHouseFilterConverter.of(physicalType, columns, serverZone);
    }

    /** The ClickHouse condition meaning exactly {@code filter}, or empty: Flink evaluates it. */
    Optional<String> convert(ResolvedExpression filter) {
        return filters.convert(filter);
    }

    /**
     * @param producedType the produced row type, after projection push-down
     * @param conditions the accepted filters' conditions
     * @param limit the pushed-down limit, or {@link ClickHouseScanQuery#NO_LIMIT}
     */
    ScanTableSource.ScanRuntimeProvider provider(
            ScanTableSource.ScanContext context,
            DataType producedType,
            List<String> conditions,
            long limit) {
        ClickHouseReadMapping read =
                ClickHouseReadMapping.resolve(
                        describe, (RowType) producedType.getLogicalType(), columns, serverZone);
        ClickHouseScanQuery query =
                new ClickHouseScanQuery(
                        read.selectList(), useFinal, conditions, options.exactResume(), limit);
        return SourceProvider.of(
                new ClickHouseSource(
                        connection,
                        target,
                        query,
                        read,
                        context.createTypeInformation(producedType)),
                options.parallelismOrNull());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClickHouseScanSourceSupport that
                && connection.equals(that.connection)
                && describe.equals(that.describe)
                && columns.equals(that.columns)
                && target.equals(that.target)
                && useFinal == that.useFinal
                && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, describe, target, options);
    }
}
