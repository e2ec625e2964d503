package dev.flinkext.delayed.sql;

import dev.flinkext.delayed.DelayedJoinOptions;
import dev.flinkext.delayed.DimensionColumns;
import dev.flinkext.delayed.TableLookupFunctions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.dataview.ListView;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeUtils;
import org.apache.flink.table.types.utils.DataTypeUtils;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.ColumnList;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One {@code delayed_lookup} call's layout and lookup: the planning-time types (waiting rows,
 * output) and, in a subtask, the dimension's lookup function and the rows it emits. The PTF emits
 * every column but the PARTITION BY ones (the framework puts those first), then the dimension's,
 * then {@value #FINAL_MISS_COLUMN}.
 */
final class DelayedLookupCall {

    static final String FINAL_MISS_COLUMN = "final_miss";

    private static final int DIM_COLUMNS = 1;
    private static final int DIM_KEYS = 3;

    private final DimensionSpec spec;
    private final LookupFunction lookup;
    private final DataStructureConverter<Object, Object> inputConverter;
    private final RowDataSerializer inputSerializer;
    private final RowData.FieldGetter[] keyGetters;
    private final int[] passed;

    private DelayedLookupCall(
            DimensionSpec spec,
            LookupFunction lookup,
            DataType inputDataType,
            RowType input,
            int[] partitionBy) {
        this.spec = spec;
        this.lookup = lookup;
        this.inputConverter = DataStructureConverters.getConverter(inputDataType);
        this.inputSerializer = new RowDataSerializer(input);
        this.keyGetters = new RowData.FieldGetter[partitionBy.length];
        for (int i = 0; i < partitionBy.length; i++) {
            keyGetters[i] =
                    RowData.createFieldGetter(input.getTypeAt(partitionBy[i]), partitionBy[i]);
        }
        this.passed = passedColumns(input, partitionBy);
    }

    static DelayedLookupCall create(
            TableSemantics input,
            String dimColumns,
            Map<String, String> dimOptions,
            List<String> dimKeys,
            ClassLoader classLoader) {
        RowType inputType = inputRow(input);
        DimensionSpec spec =
                DimensionSpec.parse(
                        dimColumns,
                        dimOptions,
                        dimKeys,
                        inputType,
                        input.partitionByColumns(),
                        classLoader);
        LookupFunction lookup;
        try {
            lookup =
                    TableLookupFunctions.fromOptions(
                                    spec.connectorOptions(),
                                    spec.columns(),
                                    spec.keys(),
                                    new Configuration(),
                                    classLoader)
                            .function();
        } catch (ValidationException e) {
            throw new ValidationException("delayed_lookup: dim_options: " + e.getMessage(), e);
        }
        return new DelayedLookupCall(
                spec, lookup, input.dataType(), inputType, input.partitionByColumns());
    }

    /** The dimension's key columns: {@code dim_keys}, else named as the PARTITION BY columns. */
    static List<String> keyNames(TableSemantics input, ColumnList dimKeys) {
        if (dimKeys != null) {
            return dimKeys.getNames();
        }
        List<String> names = inputRow(input).getFieldNames();
        List<String> keys = new ArrayList<>();
        for (int column : input.partitionByColumns()) {
            keys.add(names.get(column));
        }
        return keys;
    }

    // ---- planning

    /** The waiting rows' state: a list view of the input's rows. */
    static Optional<DataType> waitingRowsType(CallContext context) {
        return context.getTableSemantics(0)
                .map(
                        t ->
                                ListView.newListViewDataType(
                                        DataTypeUtils.toInternalDataType(
                                                TypeConversions.fromLogicalToDataType(
                                                        inputRow(t)))));
    }

    /**
     * The output columns (after the PARTITION BY ones). Checks the literal arguments ({@code
     * dim_columns}, {@code dim_keys}) against the input; {@code dim_options} is a MAP constructor,
     * which Flink does not evaluate at planning, so the connector checks it when a subtask starts.
     */
    static Optional<DataType> outputType(CallContext context) {
        TableSemantics input =
                context.getTableSemantics(0)
                        .orElseThrow(() -> new ValidationException("delayed_lookup: no input"));
        String dimColumns =
                context.getArgumentValue(DIM_COLUMNS, String.class)
                        .orElseThrow(() -> literalRequired("dim_columns", "a string literal"));
        ColumnList dimKeys =
                context.isArgumentNull(DIM_KEYS)
                        ? null
                        : context.getArgumentValue(DIM_KEYS, ColumnList.class).orElse(null);
        RowType inputType = inputRow(input);
        RowType dimension =
                DimensionSpec.checkColumns(
                        dimColumns,
                        keyNames(input, dimKeys),
                        inputType,
                        input.partitionByColumns(),
                        Thread.currentThread().getContextClassLoader());
        List<RowType.RowField> fields = new ArrayList<>();
        for (int column : passedColumns(inputType, input.partitionByColumns())) {
            fields.add(inputType.getFields().get(column));
        }
        Set<String> taken = new HashSet<>(inputType.getFieldNames());
        taken.add("rowtime"); // the column the framework appends for on_time
        fields.addAll(DimensionColumns.appended(dimension, taken));
        fields.add(new RowType.RowField(FINAL_MISS_COLUMN, new BooleanType(false)));
        return Optional.of(
                DataTypeUtils.toInternalDataType(
                        TypeConversions.fromLogicalToDataType(new RowType(fields))));
    }

    private static ValidationException literalRequired(String argument, String form) {
        return new ValidationException(
                String.format(
                        "delayed_lookup: %s must be %s, known when the query is planned.",
                        argument, form));
    }

    /** The input's row, without time attributes (state and output hold plain timestamps). */
    private static RowType inputRow(TableSemantics input) {
        return (RowType) LogicalTypeUtils.removeTimeAttributes(input.dataType().getLogicalType());
    }

    private static int[] passedColumns(RowType input, int[] partitionBy) {
        return IntStream.range(0, input.getFieldCount())
                .filter(i -> Arrays.stream(partitionBy).noneMatch(p -> p == i))
                .toArray();
    }

    // ---- run time

    void open(FunctionContext context) throws Exception {
        inputConverter.open(context.getUserCodeClassLoader());
        lookup.open(context);
    }

    /** The input row as the lookup and the state take it. */
    RowData internal(Row row) {
        return (RowData) inputConverter.toInternal(row);
    }

    void close() throws Exception {
        lookup.close();
    }

    DelayedJoinOptions options() {
        return spec.options();
    }

    String[] dimKeys() {
        return spec.keys().toArray(new String[0]);
    }

    /** The dimension's rows for {@code row}'s key (a stream row of the key). */
    Collection<RowData> lookup(RowData row) throws Exception {
        GenericRowData key = new GenericRowData(keyGetters.length);
        for (int i = 0; i < keyGetters.length; i++) {
            key.setField(i, keyGetters[i].getFieldOrNull(row));
        }
        return lookup.lookup(key);
    }

    /** A row to keep in state (the runtime reuses input objects). */
    RowData copy(RowData row) {
        return inputSerializer.copy(row);
    }

    RowData joined(RowData row, RowData dim) {
        return emitted(row, dim, false);
    }

    /**
     * A final miss under {@code emit-null} or {@code side-output}: NULL dimension columns and
     * {@value #FINAL_MISS_COLUMN} TRUE (a query routes these rows into a second sink table).
     */
    RowData missed(RowData row) {
        return emitted(row, new GenericRowData(spec.columns().getFieldCount()), true);
    }

    private RowData emitted(RowData row, RowData dim, boolean missed) {
        return new JoinedRowData(
                new JoinedRowData(ProjectedRowData.from(passed).replaceRow(row), dim),
                GenericRowData.of(missed));
    }
}
