package dev.flinkext.connector.vms.config;

import org.apache.flink.connector.base.DeliveryGuarantee;

import javax.annotation.Nullable;

import java.io.Serializable;

/** How a sink writes: the delivery guarantee and the app it names in the envelope. */
public record VmsWriteOptions(
        DeliveryGuarantee deliveryGuarantee,
        @Nullable String transactionalIdPrefix,
        String producerApp)
        implements Serializable {

    public VmsWriteOptions {
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE
                && (transactionalIdPrefix == null || transactionalIdPrefix.isBlank())) {
            throw new IllegalArgumentException(
                    "'"
                            + VmsConnectorOptions.SINK_DELIVERY_GUARANTEE.key()
                            + "' = 'exactly-once' needs '"
                            + VmsConnectorOptions.SINK_TRANSACTIONAL_ID_PREFIX.key()
                            + "': a prefix unique to this sink among all jobs writing to the"
                            + " cluster");
        }
    }
}
