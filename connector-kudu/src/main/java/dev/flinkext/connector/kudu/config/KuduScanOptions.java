package dev.flinkext.connector.kudu.config;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * How a SQL scan of a Kudu table runs. Immutable and serializable.
 *
 * @param parallelismOrNull {@code scan.parallelism}, or null for the job's default
 * @param mode {@code scan.mode}
 * @param continuousInterval {@code scan.continuous.interval}
 * @param partitionDiscoveryInterval {@code scan.partition-discovery.interval}; zero: no discovery
 */
public record KuduScanOptions(
        @Nullable Integer parallelismOrNull,
        KuduScanMode mode,
        Duration continuousInterval,
        Duration partitionDiscoveryInterval)
        implements Serializable {

    public KuduScanOptions {
        if (parallelismOrNull != null && parallelismOrNull < 1) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %d (must be at least 1).",
                            KuduConnectorOptions.SCAN_PARALLELISM.key(), parallelismOrNull));
        }
        if (continuousInterval.isNegative() || continuousInterval.isZero()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (must be positive).",
                            KuduConnectorOptions.SCAN_CONTINUOUS_INTERVAL.key(),
                            continuousInterval));
        }
        if (partitionDiscoveryInterval.isNegative()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (must be positive, or 0 for no"
                                    + " discovery).",
                            KuduConnectorOptions.SCAN_PARTITION_DISCOVERY_INTERVAL.key(),
                            partitionDiscoveryInterval));
        }
    }

    public boolean continuous() {
        return mode == KuduScanMode.CONTINUOUS;
    }

    /**
     * Reads the {@code scan.*} options.
     *
     * @throws ValidationException naming the option at fault
     */
    public static KuduScanOptions fromConfig(ReadableConfig config) {
        return new KuduScanOptions(
                config.getOptional(KuduConnectorOptions.SCAN_PARALLELISM).orElse(null),
                config.get(KuduConnectorOptions.SCAN_MODE),
                config.get(KuduConnectorOptions.SCAN_CONTINUOUS_INTERVAL),
                config.get(KuduConnectorOptions.SCAN_PARTITION_DISCOVERY_INTERVAL));
    }

    public Optional<Integer> parallelism() {
        return Optional.ofNullable(parallelismOrNull);
    }
}
