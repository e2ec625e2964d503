package dev.flinkext.connector.kudu.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Optional;

/**
 * How a SQL scan of a Kudu table runs. Immutable and serializable.
 *
 * @param parallelismOrNull {@code scan.parallelism}, or null for the job's default
 */
public record KuduScanOptions(@Nullable Integer parallelismOrNull) implements Serializable {

    public KuduScanOptions {
        if (parallelismOrNull != null && parallelismOrNull < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            KuduConnectorOptions.SCAN_PARALLELISM.key(), parallelismOrNull));
        }
    }

    /**
     * Reads the {@code scan.*} options.
     *
     * @throws ValidationException naming the option at fault
     */
    public static KuduScanOptions fromConfig(ReadableConfig config) {
        return new KuduScanOptions(
                config.getOptional(KuduConnectorOptions.SCAN_PARALLELISM).orElse(null));
    }

    public Optional<Integer> parallelism() {
        return Optional.ofNullable(parallelismOrNull);
    }
}
