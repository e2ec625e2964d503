package dev.flinkext.connector.kudu.lookup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a batch of predicate values becomes scans (no Kudu needed: pure planning). */
class KeyScanPlannerTest {

    @Test
    void singleColumnKeysAreOneInListUpToTheCap() {
        List<Object[]> keys = new ArrayList<>();
        for (long i = 0; i < 25; i++) {
            keys.add(new Object[] {i});
        }

        List<KeyScan> scans = KeyScanPlanner.plan(keys, 10);

        assertThat(scans).extracting(s -> s.inValues().size()).containsExactly(10, 10, 5);
        assertThat(scans).allMatch(s -> s.inPart() == 0);
    }

    @Test
    void theInListGoesToThePartThatLeavesTheFewestGroups() {
        // (tenant, id): 2 tenants, 6 ids -> group by tenant, IN on id
        List<Object[]> byTenant = new ArrayList<>();
        for (long id = 0; id < 6; id++) {
            byTenant.add(new Object[] {(int) (id % 2), id});
        }
        List<KeyScan> scans = KeyScanPlanner.plan(byTenant, 1000);
        assertThat(scans).hasSize(2).allMatch(s -> s.inPart() == 1 && s.inValues().size() == 3);

        // (id, tenant) with one id: group by id, IN on tenant
        List<Object[]> oneId =
                List.of(new Object[] {7L, 0}, new Object[] {7L, 1}, new Object[] {7L, 2});
        List<KeyScan> single = KeyScanPlanner.plan(oneId, 1000);
        assertThat(single).hasSize(1);
        assertThat(single.get(0).inPart()).isEqualTo(1);
        assertThat(single.get(0).equalValues()[0]).isEqualTo(7L);
        assertThat(single.get(0).inValues()).containsExactly(0, 1, 2);
    }

    @Test
    void binaryPartsGroupByContent() {
        List<Object[]> keys =
                List.of(
                        new Object[] {new byte[] {1, 2}, 1L},
                        new Object[] {new byte[] {1, 2}, 2L},
                        new Object[] {new byte[] {3}, 1L});

        List<KeyScan> scans = KeyScanPlanner.plan(keys, 1000);

        // grouping by the bytes leaves 2 groups, by the number 2 as well: the last part wins ties
        assertThat(scans).hasSize(2).allMatch(s -> s.inPart() == 1);
        assertThat(scans.get(0).inValues()).containsExactly(1L, 2L);
    }

    @Test
    void aValueGivenTwiceIsInTheInListOnce() {
        List<KeyScan> scans =
                KeyScanPlanner.plan(List.of(new Object[] {"a"}, new Object[] {"a"}), 1000);

        assertThat(scans).hasSize(1);
        assertThat(scans.get(0).inValues()).containsExactly("a");
    }

    @Test
    void noKeysNoScans() {
        assertThat(KeyScanPlanner.plan(List.of(), 10)).isEmpty();
    }
}
