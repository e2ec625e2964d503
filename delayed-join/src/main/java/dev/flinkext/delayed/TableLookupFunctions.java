package dev.flinkext.delayed;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.catalog.UnresolvedIdentifier;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sync {@link LookupFunction} of a table of a {@code TableEnvironment}, for the delayed join:
 * the table's own connector (this project's, Flink's JDBC, ...) builds it from the table's options,
 * exactly as the planner would for {@code FOR SYSTEM_TIME AS OF} on those key columns.
 */
public final class TableLookupFunctions {

    /** The name a dimension given by its options goes by in errors. */
    static final ObjectIdentifier DIMENSION =
            ObjectIdentifier.of("default_catalog", "default_database", "dimension");

    private TableLookupFunctions() {}

    /** A table's lookup function and the rows it answers. */
    public record Lookup(LookupFunction function, RowType rowType) {}

    /**
     * @param table the table's path as SQL names it ({@code dim}, {@code db.dim}, {@code
     *     cat.db.dim})
     * @param keyColumns the lookup key's columns of the table, in the order the stream will give
     *     their values
     * @throws ValidationException for an unknown table or column, a table that is no lookup source,
     *     or one whose lookup is asynchronous or cached in full (the delayed join reads the store
     *     itself: set {@code 'lookup.async' = 'false'} and no FULL cache on it)
     */
    public static Lookup of(TableEnvironment tableEnv, String table, String... keyColumns) {
        TableEnvironmentInternal internal = (TableEnvironmentInternal) tableEnv;
        UnresolvedIdentifier path = internal.getParser().parseIdentifier(table);
        ObjectIdentifier id = internal.getCatalogManager().qualifyIdentifier(path);
        ContextResolvedTable resolved =
                internal.getCatalogManager()
                        .getTable(id)
                        .orElseThrow(() -> new ValidationException("Unknown table " + table));
        return create(
                id,
                resolved.getResolvedTable(),
                resolved.isTemporary(),
                keyColumns,
                tableEnv.getConfig(),
                Thread.currentThread().getContextClassLoader());
    }

    /**
     * The lookup function of a table given by its connector options and columns (the delayed join's
     * SQL face, which has no catalog at run time). The key columns are its primary key.
     *
     * @param columns the table's columns, as {@code ROW<...>}
     * @throws ValidationException as {@link #of(TableEnvironment, String, String...)}, and for an
     *     option the connector refuses (naming it)
     */
    public static Lookup fromOptions(
            Map<String, String> options,
            RowType columns,
            List<String> keyColumns,
            ReadableConfig config,
            ClassLoader classLoader) {
        List<Column> schemaColumns = new ArrayList<>();
        for (RowType.RowField field : columns.getFields()) {
            LogicalType type = field.getType();
            if (keyColumns.contains(field.getName())) {
                type = type.copy(false); // primary key columns are NOT NULL
            }
            schemaColumns.add(
                    Column.physical(field.getName(), TypeConversions.fromLogicalToDataType(type)));
        }
        ResolvedSchema schema =
                new ResolvedSchema(
                        schemaColumns,
                        List.of(),
                        UniqueConstraint.primaryKey("PK_dimension", keyColumns),
                        List.of());
        CatalogTable table =
                CatalogTable.newBuilder()
                        .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                        .options(options)
                        .build();
        return create(
                DIMENSION,
                new ResolvedCatalogTable(table, schema),
                true,
                keyColumns.toArray(new String[0]),
                config,
                classLoader);
    }

    private static Lookup create(
            ObjectIdentifier id,
            ResolvedCatalogTable catalogTable,
            boolean temporary,
            String[] keyColumns,
            ReadableConfig config,
            ClassLoader classLoader) {
        RowType rowType =
                (RowType) catalogTable.getResolvedSchema().toPhysicalRowDataType().getLogicalType();
        int[][] keys = new int[keyColumns.length][];
        for (int i = 0; i < keyColumns.length; i++) {
            int index = rowType.getFieldNames().indexOf(keyColumns[i]);
            if (index < 0) {
                throw new ValidationException(
                        "Table " + id + " has no column '" + keyColumns[i] + "': " + rowType);
            }
            keys[i] = new int[] {index};
        }
        DynamicTableSource source =
                FactoryUtil.createDynamicTableSource(
                        null, id, catalogTable, Map.of(), config, classLoader, temporary);
        if (!(source instanceof LookupTableSource)) {
            throw new ValidationException("Table " + id + " is not a lookup source");
        }
        LookupTableSource.LookupRuntimeProvider provider =
                ((LookupTableSource) source).getLookupRuntimeProvider(new Context(keys));
        if (provider instanceof PartialCachingLookupProvider) {
            // the delayed join asks the store again on purpose: a cache would answer its misses
            return new Lookup(
                    ((PartialCachingLookupProvider) provider).createLookupFunction(), rowType);
        }
        if (provider instanceof LookupFunctionProvider) {
            return new Lookup(((LookupFunctionProvider) provider).createLookupFunction(), rowType);
        }
        throw new ValidationException(
                "The lookup of table "
                        + id
                        + " is "
                        + provider.getClass().getSimpleName()
                        + ": a delayed join needs a synchronous, uncached-in-full one (set"
                        + " 'lookup.async' = 'false' and no 'lookup.cache' = 'FULL' on it).");
    }

    /** The planner's lookup context, for a lookup on top-level key columns. */
    private static final class Context implements LookupTableSource.LookupContext {
        private final int[][] keys;

        Context(int[][] keys) {
            this.keys = keys;
        }

        @Override
        public int[][] getKeys() {
            return keys;
        }

        @Override
        public boolean preferCustomShuffle() {
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeInformation<T> createTypeInformation(DataType producedDataType) {
            return (TypeInformation<T>) InternalTypeInfo.of(producedDataType.getLogicalType());
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeInformation<T> createTypeInformation(LogicalType producedLogicalType) {
            return (TypeInformation<T>) InternalTypeInfo.of(producedLogicalType);
        }

        @Override
        public DynamicTableSource.DataStructureConverter createDataStructureConverter(
                DataType producedDataType) {
            var converter = DataStructureConverters.getConverter(producedDataType);
            return new DynamicTableSource.DataStructureConverter() {
                @Override
                public void open(Context context) {
                    converter.open(context.getClassLoader());
                }

                @Override
                public Object toInternal(Object external) {
                    return converter.toInternalOrNull(external);
                }
            };
        }
    }
}
