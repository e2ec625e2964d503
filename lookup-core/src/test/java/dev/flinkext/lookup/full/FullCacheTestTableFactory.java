package dev.flinkext.lookup.full;

import dev.flinkext.lookup.config.FullCacheOptions;
import dev.flinkext.lookup.config.LookupCoreOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

import java.util.HashSet;
import java.util.Set;

/**
 * Test fixture: a SQL table ({@code 'connector' = 'flinkext-full-cache-test'}) whose lookups go
 * through {@link FullCachingLookupFunction} over an {@link InMemoryFullCacheLoader}, the way a real
 * connector wires it. Lets the SQL test check the planner's real key rows against the cache.
 */
public final class FullCacheTestTableFactory implements DynamicTableSourceFactory {

    static final ConfigOption<String> LOADER_ID =
            ConfigOptions.key("loader-id").stringType().noDefaultValue();

    @Override
    public String factoryIdentifier() {
        return "flinkext-full-cache-test";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(LOADER_ID);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new HashSet<>(LookupCoreOptions.allOptionalOptions());
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        return new Source(
                context.getObjectIdentifier().asSummaryString(),
                options.get(LOADER_ID),
                (RowType) context.getPhysicalRowDataType().getLogicalType(),
                FullCacheOptions.fromConfig(options));
    }

    private record Source(String name, String loaderId, RowType rowType, FullCacheOptions options)
            implements LookupTableSource {

        @Override
        public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
            return LookupFunctionProvider.of(
                    FullCachingLookupFunction.builder(
                                    name,
                                    InMemoryFullCacheLoader.byId(loaderId),
                                    rowType,
                                    context.getKeys())
                            .options(options)
                            .build());
        }

        @Override
        public DynamicTableSource copy() {
            return new Source(name, loaderId, rowType, options);
        }

        @Override
        public String asSummaryString() {
            return "flinkext-full-cache-test";
        }
    }
}
