package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.ColumnTypeAttributes;
import org.apache.kudu.Type;

/**
 * The type mapping between Kudu and Flink, both directions:
 *
 * <table>
 *   <tr><th>Kudu</th><th>Flink (natural)</th><th>Flink types that can hold it too</th></tr>
 *   <tr><td>INT8</td><td>TINYINT</td><td>SMALLINT, INT, BIGINT</td></tr>
 *   <tr><td>INT16</td><td>SMALLINT</td><td>INT, BIGINT</td></tr>
 *   <tr><td>INT32</td><td>INT</td><td>BIGINT</td></tr>
 *   <tr><td>INT64</td><td>BIGINT</td><td></td></tr>
 *   <tr><td>BOOL</td><td>BOOLEAN</td><td></td></tr>
 *   <tr><td>FLOAT</td><td>FLOAT</td><td></td></tr>
 *   <tr><td>DOUBLE</td><td>DOUBLE</td><td></td></tr>
 *   <tr><td>DECIMAL(p, s)</td><td>DECIMAL(p, s)</td><td>DECIMAL(q, s), q &gt; p</td></tr>
 *   <tr><td>STRING</td><td>STRING</td><td></td></tr>
 *   <tr><td>VARCHAR(n)</td><td>VARCHAR(n)</td><td>VARCHAR(m), m &gt; n; STRING</td></tr>
 *   <tr><td>BINARY</td><td>BYTES</td><td></td></tr>
 *   <tr><td>DATE</td><td>DATE</td><td></td></tr>
 *   <tr><td>UNIXTIME_MICROS</td><td>TIMESTAMP(6) (UTC wall clock)</td><td>TIMESTAMP_LTZ(6);
 *       precision 7 to 9 of either</td></tr>
 * </table>
 *
 * <p>A NOT NULL DDL column cannot hold a nullable Kudu column; a nullable DDL column over a NOT
 * NULL Kudu column is accepted (writing NULL into it fails naming the row).
 */
public final class KuduTypeMapping {

    private KuduTypeMapping() {}

    /** The Flink type that maps a Kudu column exactly, NOT NULL kept. */
    public static DataType flinkTypeOf(ColumnSchema column) {
        ColumnTypeAttributes attributes = column.getTypeAttributes();
        DataType type =
                switch (column.getType()) {
                    case INT8 -> DataTypes.TINYINT();
                    case INT16 -> DataTypes.SMALLINT();
                    case INT32 -> DataTypes.INT();
                    case INT64 -> DataTypes.BIGINT();
                    case BOOL -> DataTypes.BOOLEAN();
                    case FLOAT -> DataTypes.FLOAT();
                    case DOUBLE -> DataTypes.DOUBLE();
                    case DECIMAL ->
                            DataTypes.DECIMAL(attributes.getPrecision(), attributes.getScale());
                    case STRING -> DataTypes.STRING();
                    case VARCHAR -> DataTypes.VARCHAR(attributes.getLength());
                    case BINARY -> DataTypes.BYTES();
                    case DATE -> DataTypes.DATE();
                    case UNIXTIME_MICROS -> DataTypes.TIMESTAMP(6);
                    default ->
                            throw new IllegalArgumentException(
                                    "Kudu type " + column.getType() + " has no Flink type");
                };
        return column.isNullable() ? type.nullable() : type.notNull();
    }

    /**
     * The Kudu column that stores a Flink column of type {@code flink} (CREATE TABLE, ADD COLUMN):
     * the inverse of {@link #flinkTypeOf}, so the column reads back as {@code flink} except that
     * {@code TIMESTAMP(p)}, p &lt; 6, reads back as {@code TIMESTAMP(6)}. Nullability is the Flink
     * type's.
     *
     * @throws ValidationException naming the column, its type and why Kudu cannot store it
     */
    public static ColumnSchema.ColumnSchemaBuilder kuduColumnFor(String name, LogicalType flink) {
        Type type;
        ColumnTypeAttributes attributes = null;
        switch (flink.getTypeRoot()) {
            case TINYINT -> type = Type.INT8;
            case SMALLINT -> type = Type.INT16;
            case INTEGER -> type = Type.INT32;
            case BIGINT -> type = Type.INT64;
            case BOOLEAN -> type = Type.BOOL;
            case FLOAT -> type = Type.FLOAT;
            case DOUBLE -> type = Type.DOUBLE;
            case DECIMAL -> {
                DecimalType decimal = (DecimalType) flink;
                type = Type.DECIMAL;
                attributes =
                        new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                .precision(decimal.getPrecision())
                                .scale(decimal.getScale())
                                .build();
            }
            case VARCHAR -> {
                int length = ((VarCharType) flink).getLength();
                if (length == VarCharType.MAX_LENGTH) {
                    type = Type.STRING;
                } else if (length <= MAX_VARCHAR_LENGTH) {
                    type = Type.VARCHAR;
                    attributes =
                            new ColumnTypeAttributes.ColumnTypeAttributesBuilder()
                                    .length(length)
                                    .build();
                } else {
                    throw unstorable(
                            name,
                            flink,
                            "Kudu's VARCHAR holds at most "
                                    + MAX_VARCHAR_LENGTH
                                    + " characters; use STRING");
                }
            }
            case VARBINARY -> {
                if (((VarBinaryType) flink).getLength() != VarBinaryType.MAX_LENGTH) {
                    throw unstorable(name, flink, "Kudu's BINARY has no length limit; use BYTES");
                }
                type = Type.BINARY;
            }
            case DATE -> type = Type.DATE;
            case TIMESTAMP_WITHOUT_TIME_ZONE -> {
                if (((TimestampType) flink).getPrecision() > 6) {
                    throw unstorable(
                            name,
                            flink,
                            "Kudu's UNIXTIME_MICROS stores microseconds; use TIMESTAMP(6) or"
                                    + " less");
                }
                type = Type.UNIXTIME_MICROS;
            }
            case CHAR ->
                    throw unstorable(
                            name, flink, "Kudu has no fixed-length strings; use VARCHAR(n)");
            case BINARY ->
                    throw unstorable(
                            name, flink, "Kudu has no fixed-length binary type; use BYTES");
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
                    throw unstorable(
                            name,
                            flink,
                            "Kudu's UNIXTIME_MICROS reads back as TIMESTAMP(6) (UTC wall clock);"
                                    + " declare TIMESTAMP(6)");
            default -> throw unstorable(name, flink, "Kudu has no such type");
        }
        ColumnSchema.ColumnSchemaBuilder builder =
                new ColumnSchema.ColumnSchemaBuilder(name, type).nullable(flink.isNullable());
        if (attributes != null) {
            builder.typeAttributes(attributes);
        }
        return builder;
    }

    /** The longest Kudu VARCHAR. */
    public static final int MAX_VARCHAR_LENGTH = 65535;

    private static ValidationException unstorable(String name, LogicalType flink, String reason) {
        return new ValidationException(
                "Column '"
                        + name
                        + "' of type "
                        + flink.asSummaryString()
                        + " cannot be stored in Kudu: "
                        + reason
                        + ".");
    }

    /** Whether a Flink column of type {@code flink} can hold every value of {@code kudu}. */
    public static boolean canHold(LogicalType flink, ColumnSchema kudu) {
        if (!flink.isNullable() && kudu.isNullable()) {
            return false;
        }
        return canHoldType(flink, kudu);
    }

    /** {@link #canHold} without nullability. */
    static boolean canHoldType(LogicalType flink, ColumnSchema kudu) {
        LogicalTypeRoot root = flink.getTypeRoot();
        ColumnTypeAttributes attributes = kudu.getTypeAttributes();
        return switch (kudu.getType()) {
            case INT8 -> integerWidth(root) >= 1;
            case INT16 -> integerWidth(root) >= 2;
            case INT32 -> integerWidth(root) >= 4;
            case INT64 -> integerWidth(root) >= 8;
            case BOOL -> root == LogicalTypeRoot.BOOLEAN;
            case FLOAT -> root == LogicalTypeRoot.FLOAT;
            case DOUBLE -> root == LogicalTypeRoot.DOUBLE;
            case DECIMAL ->
                    flink instanceof DecimalType decimal
                            && decimal.getScale() == attributes.getScale()
                            && decimal.getPrecision() >= attributes.getPrecision();
            case STRING ->
                    flink instanceof VarCharType varchar
                            && varchar.getLength() == VarCharType.MAX_LENGTH;
            case VARCHAR ->
                    flink instanceof VarCharType varchar
                            && varchar.getLength() >= attributes.getLength();
            case BINARY ->
                    flink instanceof VarBinaryType varbinary
                            && varbinary.getLength() == VarBinaryType.MAX_LENGTH;
            case DATE -> root == LogicalTypeRoot.DATE;
            case UNIXTIME_MICROS ->
                    (flink instanceof TimestampType timestamp && timestamp.getPrecision() >= 6)
                            || (flink instanceof LocalZonedTimestampType ltz
                                    && ltz.getPrecision() >= 6);
            default -> false;
        };
    }

    /** Bytes of a Flink integer type, 0 for any other type. */
    static int integerWidth(LogicalTypeRoot root) {
        return switch (root) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER -> 4;
            case BIGINT -> 8;
            default -> 0;
        };
    }

    /** A Kudu column's type as Kudu's DDL writes it, e.g. {@code VARCHAR(20) NOT NULL}. */
    public static String describe(ColumnSchema column) {
        ColumnTypeAttributes attributes = column.getTypeAttributes();
        return describe(
                column.getType(),
                attributes == null ? 0 : attributes.getPrecision(),
                attributes == null ? 0 : attributes.getScale(),
                attributes == null ? 0 : attributes.getLength(),
                column.isNullable());
    }

    static String describe(Type type, int precision, int scale, int length, boolean nullable) {
        String name =
                switch (type) {
                    case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
                    case VARCHAR -> "VARCHAR(" + length + ")";
                    default -> type.name();
                };
        return nullable ? name : name + " NOT NULL";
    }
}
