package dev.flinkext.format.pb;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.STRING;

/** Columns of the test message {@code flinkext.test.Everything}, as a user would declare them. */
public final class EverythingColumns {

    /** The 16 scalar fields f_int32 .. f_enum (#1-#16), with the format's default mapping. */
    public static final List<DataTypes.Field> SCALARS =
            List.of(
                    FIELD("f_int32", INT()),
                    FIELD("f_int64", BIGINT()),
                    FIELD("f_uint32", BIGINT()),
                    FIELD("f_uint64", DECIMAL(20, 0)),
                    FIELD("f_sint32", INT()),
                    FIELD("f_sint64", BIGINT()),
                    FIELD("f_fixed32", BIGINT()),
                    FIELD("f_fixed64", DECIMAL(20, 0)),
                    FIELD("f_sfixed32", INT()),
                    FIELD("f_sfixed64", BIGINT()),
                    FIELD("f_float", FLOAT()),
                    FIELD("f_double", DOUBLE()),
                    FIELD("f_bool", BOOLEAN()),
                    FIELD("f_string", STRING()),
                    FIELD("f_bytes", BYTES()),
                    FIELD("f_enum", STRING()));

    private EverythingColumns() {}

    /** The scalars followed by {@code more} columns. */
    public static List<DataTypes.Field> scalarsAnd(DataTypes.Field... more) {
        List<DataTypes.Field> fields = new ArrayList<>(SCALARS);
        fields.addAll(Arrays.asList(more));
        return fields;
    }

    /** A ROW of the given columns. */
    public static DataType row(List<DataTypes.Field> fields) {
        return DataTypes.ROW(fields.toArray(new DataTypes.Field[0]));
    }
}
