package dev.flinkext.connector.clickhouse.mapping;

import org.apache.flink.table.data.RowData;

/**
 * A row's key as it goes into a statement: one literal, or a tuple {@code (a, b)} for a key of
 * several columns, matching {@link ClickHouseRowMapping#keyExpression}. Not thread-safe.
 */
public final class ClickHouseKeyLiterals {

    private final ClickHouseLiterals.FieldLiteral[] literals;
    private final int[] positions;
    private final StringBuilder scratch = new StringBuilder(64);

    ClickHouseKeyLiterals(ClickHouseLiterals.FieldLiteral[] literals, int[] positions) {
        this.literals = literals;
        this.positions = positions;
    }

    /** The key of {@code row}; its key fields are never null (Flink keys are NOT NULL). */
    public String of(RowData row) {
        scratch.setLength(0);
        if (literals.length > 1) {
            scratch.append('(');
        }
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                scratch.append(", ");
            }
            if (row.isNullAt(positions[i])) {
                throw new IllegalArgumentException(
                        "a key field is null (position " + positions[i] + ")");
            }
            literals[i].append(row, positions[i], scratch);
        }
        if (literals.length > 1) {
            scratch.append(')');
        }
        return scratch.toString();
    }
}
