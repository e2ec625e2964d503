package dev.flinkext.format.pb.mapping;

import org.apache.flink.table.types.logical.RowType;

import com.google.protobuf.Descriptors.Descriptor;

import java.util.List;

/** A ROW type bound to a message: one {@link ColumnMapping} per column, in column order. */
public final class MessageMapping {

    private final Descriptor message;
    private final RowType rowType;
    private final List<ColumnMapping> columns;

    MessageMapping(Descriptor message, RowType rowType, List<ColumnMapping> columns) {
        this.message = message;
        this.rowType = rowType;
        this.columns = List.copyOf(columns);
    }

    public Descriptor message() {
        return message;
    }

    public RowType rowType() {
        return rowType;
    }

    public List<ColumnMapping> columns() {
        return columns;
    }
}
