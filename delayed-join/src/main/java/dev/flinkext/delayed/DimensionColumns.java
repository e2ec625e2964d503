package dev.flinkext.delayed;

import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The dimension's columns as a delayed join appends them to the stream's. */
public final class DimensionColumns {

    private DimensionColumns() {}

    /**
     * The dimension's fields, nullable (a final miss pads them with NULLs); a name already in
     * {@code taken} gets a number, as the planner does ({@code k} → {@code k0}). Adds the names
     * given to {@code taken}.
     */
    public static List<RowType.RowField> appended(RowType dimension, Set<String> taken) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (RowType.RowField field : dimension.getFields()) {
            String name = field.getName();
            for (int n = 0; taken.contains(name); n++) {
                name = field.getName() + n;
            }
            taken.add(name);
            fields.add(new RowType.RowField(name, field.getType().copy(true)));
        }
        return fields;
    }
}
