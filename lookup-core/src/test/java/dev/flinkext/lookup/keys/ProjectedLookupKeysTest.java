package dev.flinkext.lookup.keys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectedLookupKeysTest {

    @Test
    void mapsProducedKeyPositionsBackToPhysicalColumns() {
        // physical (id, name, city, score); produced = (score, id): key "id" is produced column 1
        int[] projection = {3, 0};
        assertThat(ProjectedLookupKeys.toPhysical(new int[][] {{1}}, projection))
                .isDeepEqualTo(new int[][] {{0}});
        assertThat(ProjectedLookupKeys.toPhysical(new int[][] {{1}, {0}}, projection))
                .isDeepEqualTo(new int[][] {{0}, {3}});
    }

    @Test
    void withoutAProjectionTheKeysStayAsTheyAre() {
        int[][] keys = {{2}};
        assertThat(ProjectedLookupKeys.toPhysical(keys, null)).isSameAs(keys);
    }

    @Test
    void aKeyOutsideTheProjectionIsRefused() {
        assertThatThrownBy(() -> ProjectedLookupKeys.toPhysical(new int[][] {{2}}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the projection");
    }

    @Test
    void findsTheProducedPositionsOfPhysicalColumnsOrNoneWhenOneIsNotProduced() {
        int[] projection = {3, 0, 2}; // produced row: physical 3, 0, 2
        assertThat(ProjectedLookupKeys.toProduced(new int[] {0, 3}, projection))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(1, 0));
        assertThat(ProjectedLookupKeys.toProduced(new int[] {1}, projection)).isEmpty();
        assertThat(ProjectedLookupKeys.toProduced(new int[] {1, 2}, null))
                .hasValueSatisfying(p -> assertThat(p).containsExactly(1, 2));
    }
}
