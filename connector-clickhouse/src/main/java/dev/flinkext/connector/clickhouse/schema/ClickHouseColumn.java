package dev.flinkext.connector.clickhouse.schema;

import java.io.Serializable;
import java.util.Objects;

/**
 * A column of a table as the server describes it in {@code system.columns}: what the client reads
 * and the write mapping checks a Flink row type against.
 *
 * @param name the column name
 * @param type the ClickHouse type, as the server writes it (e.g. {@code Nullable(String)})
 * @param defaultKind {@code DEFAULT}, {@code MATERIALIZED}, {@code ALIAS} or empty for none
 */
public record ClickHouseColumn(String name, String type, String defaultKind)
        implements Serializable {

    public ClickHouseColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultKind, "defaultKind");
    }

    /** An INSERT cannot give a value to a MATERIALIZED or ALIAS column. */
    public boolean writable() {
        return !defaultKind.equals("MATERIALIZED") && !defaultKind.equals("ALIAS");
    }

    /** An INSERT may leave out a column with a DEFAULT (or MATERIALIZED/ALIAS) expression. */
    public boolean hasDefault() {
        return !defaultKind.isEmpty();
    }
}
