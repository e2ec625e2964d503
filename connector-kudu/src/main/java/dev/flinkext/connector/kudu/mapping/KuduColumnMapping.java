package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.types.logical.LogicalType;

import org.apache.kudu.Type;

import java.io.Serializable;
import java.util.Objects;

/**
 * One DDL column and the Kudu column it maps to, checked at planning time: the Flink type can hold
 * every value of the Kudu column. Serializable, so the sink carries it to the task managers, where
 * the column's converters are chosen once from it.
 *
 * @param name the column's name, the same in the DDL and in Kudu
 * @param position the column's position in the DDL's physical row
 * @param flinkType the DDL's type
 * @param kuduType the Kudu column's type
 * @param precision DECIMAL precision, else 0
 * @param scale DECIMAL scale, else 0
 * @param length VARCHAR length, else 0
 * @param kuduNullable whether the Kudu column takes NULL
 * @param key whether the column is part of Kudu's primary key
 */
public record KuduColumnMapping(
        String name,
        int position,
        LogicalType flinkType,
        Type kuduType,
        int precision,
        int scale,
        int length,
        boolean kuduNullable,
        boolean key)
        implements Serializable {

    public KuduColumnMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flinkType, "flinkType");
        Objects.requireNonNull(kuduType, "kuduType");
    }

    /** The Kudu type as Kudu's DDL writes it, e.g. {@code DECIMAL(10, 2) NOT NULL}. */
    public String describeKuduType() {
        return KuduTypeMapping.describe(kuduType, precision, scale, length, kuduNullable);
    }
}
