package dev.flinkext.testing.flink;

import org.apache.flink.runtime.util.EnvironmentInformation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlinkVersionTest {

    @Test
    void parsesReleaseAndSnapshotVersions() {
        assertThat(FlinkVersion.parse("2.2.1")).containsExactly(2, 2);
        assertThat(FlinkVersion.parse("2.3-SNAPSHOT")).containsExactly(2, 3);
    }

    @Test
    void theOnConflictClauseMatchesTheFlinkOnTheClassPath() {
        String version = EnvironmentInformation.getVersion();
        assertThat(version).matches("2\\.[23]\\..*");
        assertThat(FlinkVersion.onConflictDeduplicate())
                .isEqualTo(version.startsWith("2.2.") ? "" : " ON CONFLICT DO DEDUPLICATE");
    }
}
