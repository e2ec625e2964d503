package dev.flinkext.connector.clickhouse.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;

/**
 * How a SQL scan of a ClickHouse table runs. Immutable and serializable.
 *
 * @param parallelismOrNull {@code scan.parallelism}, or null for the job's default
 * @param exactResume {@code scan.exact-resume}
 */
public record ClickHouseScanOptions(@Nullable Integer parallelismOrNull, boolean exactResume)
        implements Serializable {

    public ClickHouseScanOptions {
        if (parallelismOrNull != null && parallelismOrNull < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            ClickHouseConnectorOptions.SCAN_PARALLELISM.key(), parallelismOrNull));
        }
    }

    public static ClickHouseScanOptions fromConfig(ReadableConfig config) {
        return new ClickHouseScanOptions(
                config.getOptional(ClickHouseConnectorOptions.SCAN_PARALLELISM).orElse(null),
                config.get(ClickHouseConnectorOptions.SCAN_EXACT_RESUME));
    }
}
