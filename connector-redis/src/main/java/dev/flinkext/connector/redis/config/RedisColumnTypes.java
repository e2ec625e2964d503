package dev.flinkext.connector.redis.config;

import org.apache.flink.table.types.logical.LogicalType;

/**
 * The column types a Redis table can store: those with a text form in {@code mapping.FieldText}
 * (BINARY and VARBINARY stay raw). Checked when a table is planned, so the runtime converters never
 * meet another type.
 */
public final class RedisColumnTypes {

    /** The types that have a text form, for error messages. */
    public static final String SUPPORTED =
            "CHAR, VARCHAR, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL,"
                    + " DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, BINARY, VARBINARY";

    private RedisColumnTypes() {}

    /** Whether {@code type} has a text form. */
    public static boolean supports(LogicalType type) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case DECIMAL:
            case DATE:
            case TIME_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
            case BINARY:
            case VARBINARY:
                return true;
            default:
                return false;
        }
    }
}
