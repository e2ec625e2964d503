package dev.flinkext.lookup.keyby;

import org.apache.flink.table.catalog.ObjectIdentifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanIdentifierTest {

    @Test
    void readsTheThreeQuotedPartsWithDoubledBackticksAndDots() {
        assertThat(PlanIdentifier.parse("`default_catalog`.`default_database`.`dim`"))
                .isEqualTo(ObjectIdentifier.of("default_catalog", "default_database", "dim"));
        assertThat(PlanIdentifier.parse("`c`.`my.db`.`a``b`"))
                .isEqualTo(ObjectIdentifier.of("c", "my.db", "a`b"));
    }

    @Test
    void refusesWhatAPlanDoesNotWrite() {
        assertThatThrownBy(() -> PlanIdentifier.parse("c.d.t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c.d.t");
        assertThatThrownBy(() -> PlanIdentifier.parse("`c`.`d`"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlanIdentifier.parse("`c`.`d`.`t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
