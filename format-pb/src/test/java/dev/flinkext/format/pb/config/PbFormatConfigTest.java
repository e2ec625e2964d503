package dev.flinkext.format.pb.config;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PbFormatConfigTest {

    @Test
    void aRecursionDepthBelowOneIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> PbFormatConfig.builder().maxRecursionDepth(0).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'pb.max-recursion-depth'")
                .hasMessageContaining("0");
    }

    @Test
    void equalSettingsAreEqual() {
        assertThat(PbFormatConfig.builder().ignoreParseErrors(true).build())
                .isEqualTo(PbFormatConfig.builder().ignoreParseErrors(true).build())
                .isNotEqualTo(PbFormatConfig.defaults());
    }
}
