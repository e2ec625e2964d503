package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.mapping.KuduColumnMapping;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.types.logical.DecimalType;

import org.apache.kudu.Type;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lookup key values for a Kudu DECIMAL(10, 2) column declared wider, DECIMAL(12, 4), in the DDL.
 */
class KuduPredicateValueTest {

    private static final KuduPredicateValue AMOUNT =
            KuduPredicateValue.of(
                    new KuduColumnMapping(
                            "amount",
                            0,
                            new DecimalType(12, 4),
                            Type.DECIMAL,
                            10,
                            2,
                            0,
                            true,
                            true));

    private static DecimalData ddl(String value) {
        return DecimalData.fromBigDecimal(new BigDecimal(value), 12, 4);
    }

    @Test
    void decimalsGoAtTheColumnsScale() {
        assertThat(AMOUNT.of(ddl("12.3400"))).isEqualTo(new BigDecimal("12.34"));
        assertThat(((BigDecimal) AMOUNT.of(ddl("12.3400"))).scale()).isEqualTo(2);
    }

    @Test
    void decimalsNoRowCanHoldAreMisses() {
        assertThat(AMOUNT.of(ddl("12.3456"))).as("more fractional digits").isNull();
        assertThat(AMOUNT.of(ddl("12345678.9000"))).as("fits DECIMAL(10, 2)").isNotNull();
        assertThat(AMOUNT.of(ddl("99999999.9900"))).isNotNull();
        assertThat(AMOUNT.of(DecimalData.fromBigDecimal(new BigDecimal("123456789.00"), 12, 2)))
                .as("too many integer digits")
                .isNull();
    }
}
