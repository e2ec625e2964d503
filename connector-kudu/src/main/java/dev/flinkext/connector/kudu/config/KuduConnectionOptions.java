package dev.flinkext.connector.kudu.config;

import org.apache.flink.table.api.ValidationException;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a Kudu cluster: the masters, the client's timeouts and the pass-through settings.
 * Immutable and serializable; two equal values share one client per task manager ({@link
 * #sharingKey()}).
 *
 * @param masters the master addresses, {@code host[:port]}, in the order given
 * @param operationTimeout {@code client.operation-timeout}
 * @param adminTimeout {@code client.admin-timeout}
 * @param saslProtocolNameOrNull {@code client.sasl-protocol-name}, or null for Kudu's default
 */
public record KuduConnectionOptions(
        List<String> masters,
        Duration operationTimeout,
        Duration adminTimeout,
        @Nullable String saslProtocolNameOrNull)
        implements Serializable {

    public KuduConnectionOptions {
        masters = List.copyOf(Objects.requireNonNull(masters, "masters"));
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(adminTimeout, "adminTimeout");
        if (masters.isEmpty()) {
            throw new ValidationException(
                    "Option '" + KuduConnectorOptions.MASTERS.key() + "' names no master.");
        }
        for (String master : masters) {
            if (master.isBlank() || master.chars().anyMatch(Character::isWhitespace)) {
                throw new ValidationException(
                        String.format(
                                "Invalid value for option '%s': '%s' is not a host[:port].",
                                KuduConnectorOptions.MASTERS.key(), master));
            }
        }
        positive(KuduConnectorOptions.CLIENT_OPERATION_TIMEOUT.key(), operationTimeout);
        positive(KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT.key(), adminTimeout);
        if (saslProtocolNameOrNull != null && saslProtocolNameOrNull.isBlank()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': it must not be blank.",
                            KuduConnectorOptions.CLIENT_SASL_PROTOCOL_NAME.key()));
        }
    }

    private static void positive(String option, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ValidationException(
                    String.format(
                            "Invalid value for option '%s': %s (must be positive).",
                            option, value));
        }
    }

    /** The masters as Kudu clients take them: comma-separated. */
    public String masterAddresses() {
        return String.join(",", masters);
    }

    public Optional<String> saslProtocolName() {
        return Optional.ofNullable(saslProtocolNameOrNull);
    }

    /**
     * Says everything that makes two clients different (no secret: Kudu authenticates by Kerberos
     * ticket, not by an option).
     */
    public String sharingKey() {
        return "kudu-client:"
                + masterAddresses()
                + "|op="
                + operationTimeout.toMillis()
                + "|admin="
                + adminTimeout.toMillis()
                + "|sasl="
                + saslProtocolNameOrNull;
    }

    public static Builder builder(String masterAddresses) {
        return new Builder(masterAddresses);
    }

    /** Builds options in code (DataStream users, tests); starts from the options' defaults. */
    public static final class Builder {
        private final List<String> masters = new ArrayList<>();
        private Duration operationTimeout =
                KuduConnectorOptions.CLIENT_OPERATION_TIMEOUT.defaultValue();
        private Duration adminTimeout = KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT.defaultValue();
        private String saslProtocolName;

        private Builder(String masterAddresses) {
            for (String master : masterAddresses.split("[,;]")) {
                masters.add(master.trim());
            }
        }

        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = timeout;
            return this;
        }

        public Builder adminTimeout(Duration timeout) {
            this.adminTimeout = timeout;
            return this;
        }

        public Builder saslProtocolName(String name) {
            this.saslProtocolName = name;
            return this;
        }

        public KuduConnectionOptions build() {
            return new KuduConnectionOptions(
                    masters, operationTimeout, adminTimeout, saslProtocolName);
        }
    }
}
