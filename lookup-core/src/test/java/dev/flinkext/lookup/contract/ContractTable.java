package dev.flinkext.lookup.contract;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The table the lookup contracts ({@link MultiKeyReaderContract}, {@link FullCacheLoaderContract})
 * run on. A connector maps it onto its store; the contracts write its rows through the connector's
 * test ({@code store(rows)}) and check what the reader or loader gives back.
 *
 * <pre>
 *   k1     INT NOT NULL,     -- PRIMARY KEY (k1, k2): the store key
 *   k2     STRING NOT NULL,
 *   name   STRING,           -- values, some NULL
 *   amount DECIMAL(10, 2)
 * </pre>
 *
 * The rows ({@link #ROWS}) share key parts ({@code (1,'a')}, {@code (1,'b')}, {@code (2,'a')}), so
 * a reader must use the whole key; and hold the texts {@code 'null'} and {@code ''} as {@code k2}
 * (of {@code k1 = 3}), so a reader that turns a NULL key part into text finds a row it must not.
 */
public final class ContractTable {

    public static final int K1 = 0;
    public static final int K2 = 1;
    public static final int NAME = 2;
    public static final int AMOUNT = 3;

    /** The key columns, in table order: the primary key. */
    public static final int[] PRIMARY_KEY = {K1, K2};

    public static final List<String> COLUMN_NAMES = List.of("k1", "k2", "name", "amount");

    /** The table's physical row type, as a connector's factory sees it. */
    public static final DataType DATA_TYPE =
            DataTypes.ROW(
                            DataTypes.FIELD("k1", DataTypes.INT().notNull()),
                            DataTypes.FIELD("k2", DataTypes.STRING().notNull()),
                            DataTypes.FIELD("name", DataTypes.STRING()),
                            DataTypes.FIELD("amount", DataTypes.DECIMAL(10, 2)))
                    .notNull();

    public static final RowType ROW_TYPE = (RowType) DATA_TYPE.getLogicalType();

    public static final List<LogicalType> COLUMN_TYPES = ROW_TYPE.getChildren();

    public static final GenericRowData ANN = row(1, "a", "ann", "10.50");

    /** Shares k1 with ANN; no amount. */
    public static final GenericRowData BOB = row(1, "b", "bob ü 🚀, x:y;z", null);

    /** Shares k2 with ANN; no name. */
    public static final GenericRowData NO_NAME = row(2, "a", null, "-3.25");

    /** k2 is the text 'null'. */
    public static final GenericRowData TEXT_NULL = row(3, "null", "the text null", "0.00");

    /** k2 is the empty text. */
    public static final GenericRowData TEXT_EMPTY = row(3, "", "the empty text", "1.00");

    /** What the contracts store. */
    public static final List<GenericRowData> ROWS =
            List.of(ANN, BOB, NO_NAME, TEXT_NULL, TEXT_EMPTY);

    /** A projection that drops a value column and reverses the key: (amount, k2, k1). */
    public static final int[] PROJECTION = {AMOUNT, K2, K1};

    private ContractTable() {}

    /** A row of the table, of internal data structures. */
    public static GenericRowData row(
            int k1, String k2, @Nullable String name, @Nullable String amount) {
        return GenericRowData.of(
                k1,
                StringData.fromString(k2),
                name == null ? null : StringData.fromString(name),
                amount == null ? null : DecimalData.fromBigDecimal(new BigDecimal(amount), 10, 2));
    }

    /** The key row (k1, k2); either part may be null. */
    public static GenericRowData key(@Nullable Integer k1, @Nullable String k2) {
        return GenericRowData.of(k1, k2 == null ? null : StringData.fromString(k2));
    }

    /**
     * The values of {@code row}'s {@code columns}, in that order: its key row for those columns.
     */
    public static GenericRowData keyOf(RowData row, int[] columns) {
        return project(row, columns);
    }

    /** {@code row} (of the table's type) narrowed to {@code positions}. */
    public static GenericRowData project(RowData row, int[] positions) {
        GenericRowData projected = new GenericRowData(positions.length);
        for (int i = 0; i < positions.length; i++) {
            projected.setField(
                    i,
                    RowData.createFieldGetter(COLUMN_TYPES.get(positions[i]), positions[i])
                            .getFieldOrNull(row));
        }
        return projected;
    }

    /** The row type of {@code positions} (all columns when null). */
    public static RowType projectedType(@Nullable int[] positions) {
        if (positions == null) {
            return ROW_TYPE;
        }
        List<RowType.RowField> fields = new ArrayList<>();
        for (int position : positions) {
            fields.add(ROW_TYPE.getFields().get(position));
        }
        return new RowType(false, fields);
    }

    /**
     * {@code row} as a {@link GenericRowData} of {@code type}, read field by field: a row in
     * another {@link RowData} implementation compares by its values. Fails on a row of another
     * width.
     */
    static GenericRowData normalize(RowData row, RowType type) {
        if (row.getArity() != type.getFieldCount()) {
            throw new AssertionError(
                    "A row of " + row.getArity() + " fields, expected " + type + ": " + row);
        }
        GenericRowData copy = new GenericRowData(row.getRowKind(), row.getArity());
        for (int i = 0; i < row.getArity(); i++) {
            copy.setField(i, RowData.createFieldGetter(type.getTypeAt(i), i).getFieldOrNull(row));
        }
        return copy;
    }

    /**
     * The context the contracts open readers and loaders with: a user class loader and a no-op
     * metric group, and no runtime context (task-specific calls throw). A partial cache opens its
     * refresh-ahead reader with no more than that.
     */
    public static FunctionContext restrictedContext() {
        return new RestrictedContext(ContractTable.class.getClassLoader());
    }

    private static final class RestrictedContext extends FunctionContext {
        private static final MetricGroup NO_METRICS = new UnregisteredMetricsGroup();

        RestrictedContext(ClassLoader classLoader) {
            super(null, classLoader, null);
        }

        @Override
        public MetricGroup getMetricGroup() {
            return NO_METRICS;
        }
    }
}
