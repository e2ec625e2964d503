package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.ColumnTypeAttributes;
import org.apache.kudu.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a DDL against the Kudu table's schema at planning time and builds the {@link
 * KuduTableMapping}; every refusal is a {@link ValidationException} naming the column and both
 * types (or both keys), the table and the masters.
 */
public final class KuduTableMappingResolver {

    private KuduTableMappingResolver() {}

    /**
     * @param tableName the Kudu table
     * @param masters the masters, for messages
     * @param names the DDL's physical column names
     * @param types their types
     * @param ddlPrimaryKey the DDL's PRIMARY KEY columns, empty when it has none
     * @param kudu the Kudu table's schema
     * @param forWrite whether the table is written: then the DDL's PRIMARY KEY must equal Kudu's
     *     and every NOT NULL Kudu column without a default must be in the DDL
     */
    public static KuduTableMapping resolve(
            String tableName,
            String masters,
            List<String> names,
            List<LogicalType> types,
            List<String> ddlPrimaryKey,
            Schema kudu,
            boolean forWrite) {
        String where = "Kudu table '" + tableName + "' on masters " + masters;
        List<KuduColumnMapping> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            LogicalType type = types.get(i);
            ColumnSchema column = findColumn(kudu, name, where);
            if (!KuduTypeMapping.canHold(type, column)) {
                throw new ValidationException(
                        "Column '"
                                + name
                                + "' of type "
                                + type.asSummaryString()
                                + " cannot hold Kudu column '"
                                + name
                                + "' of type "
                                + KuduTypeMapping.describe(column)
                                + " ("
                                + where
                                + "); declare it as "
                                + KuduTypeMapping.flinkTypeOf(column)
                                + ".");
            }
            ColumnTypeAttributes attributes = column.getTypeAttributes();
            columns.add(
                    new KuduColumnMapping(
                            name,
                            i,
                            type,
                            column.getType(),
                            attributes == null ? 0 : attributes.getPrecision(),
                            attributes == null ? 0 : attributes.getScale(),
                            attributes == null ? 0 : attributes.getLength(),
                            column.isNullable(),
                            column.isKey()));
        }
        List<String> kuduKey =
                kudu.getPrimaryKeyColumns().stream().map(ColumnSchema::getName).toList();
        if (forWrite) {
            checkPrimaryKey(ddlPrimaryKey, kuduKey, where);
            Set<String> declared = new HashSet<>(names);
            for (ColumnSchema column : kudu.getColumns()) {
                if (!declared.contains(column.getName())
                        && !column.isNullable()
                        && column.getDefaultValue() == null) {
                    throw new ValidationException(
                            "Kudu column '"
                                    + column.getName()
                                    + "' of type "
                                    + KuduTypeMapping.describe(column)
                                    + " has no default value, so every row written needs it, but"
                                    + " the table declares no column '"
                                    + column.getName()
                                    + "' ("
                                    + where
                                    + ").");
                }
            }
        }
        return new KuduTableMapping(tableName, columns, kuduKey);
    }

    private static ColumnSchema findColumn(Schema kudu, String name, String where) {
        if (kudu.hasColumn(name)) {
            return kudu.getColumn(name);
        }
        String sameIgnoringCase =
                kudu.getColumns().stream()
                        .map(ColumnSchema::getName)
                        .filter(n -> n.equalsIgnoreCase(name))
                        .findFirst()
                        .map(n -> " (Kudu has '" + n + "': names are case-sensitive)")
                        .orElse("");
        throw new ValidationException(
                "Column '"
                        + name
                        + "' does not exist in "
                        + where
                        + sameIgnoringCase
                        + "; Kudu's columns: "
                        + kudu.getColumns().stream()
                                .map(c -> c.getName() + " " + KuduTypeMapping.describe(c))
                                .collect(Collectors.joining(", "))
                        + ".");
    }

    private static void checkPrimaryKey(
            List<String> ddlPrimaryKey, List<String> kuduKey, String where) {
        String kuduKeyText = "(" + String.join(", ", kuduKey) + ")";
        if (ddlPrimaryKey.isEmpty()) {
            throw new ValidationException(
                    "Writing to "
                            + where
                            + " needs a PRIMARY KEY "
                            + kuduKeyText
                            + " NOT ENFORCED in the DDL, the Kudu table's primary key.");
        }
        if (!new HashSet<>(ddlPrimaryKey).equals(new HashSet<>(kuduKey))) {
            throw new ValidationException(
                    "The DDL's PRIMARY KEY ("
                            + String.join(", ", ddlPrimaryKey)
                            + ") differs from the primary key "
                            + kuduKeyText
                            + " of "
                            + where
                            + "; declare PRIMARY KEY "
                            + kuduKeyText
                            + " NOT ENFORCED.");
        }
    }
}
