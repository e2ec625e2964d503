package dev.flinkext.testing.flink.collect;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.Set;

/**
 * {@code 'connector' = 'collecting', 'name' = '<n>'}: a sink table whose rows (with their {@link
 * org.apache.flink.types.RowKind}) land in {@link CollectedRows#of(String)} of the test JVM, for
 * statements a {@code collect()} cannot run: INSERTs, compiled plans, statement sets. The
 * MiniCluster runs in the test's JVM, so its writers and the test share the rows.
 */
public final class CollectingTableSinkFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "collecting";

    public static final ConfigOption<String> NAME =
            ConfigOptions.key("name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Where the rows land: CollectedRows.of(name).");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        return new Table(helper.getOptions().get(NAME), context.getPhysicalRowDataType());
    }

    private static final class Table implements DynamicTableSink {
        private final String name;
        private final org.apache.flink.table.types.DataType rowType;

        Table(String name, org.apache.flink.table.types.DataType rowType) {
            this.name = name;
            this.rowType = rowType;
        }

        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
            return requestedMode;
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            return SinkV2Provider.of(
                    new CollectingSink(name, context.createDataStructureConverter(rowType)));
        }

        @Override
        public DynamicTableSink copy() {
            return new Table(name, rowType);
        }

        @Override
        public String asSummaryString() {
            return "collecting(" + name + ")";
        }
    }
}
