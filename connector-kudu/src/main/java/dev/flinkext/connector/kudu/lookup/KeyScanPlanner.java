package dev.flinkext.connector.kudu.lookup;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a batch of keys into as few Kudu scans as it can without reading a row no key asked for.
 *
 * <p>A single-column key is one scan with {@code k IN (...)}. Kudu has no IN over several columns,
 * so for a composite key the batch is grouped by all key parts but one (equal within the group) and
 * each group is one scan with {@code =} on those and {@code IN} on the remaining part. The part
 * left to the IN-list is the one that yields the fewest groups (e.g. {@code (tenant, id)} keys of 3
 * tenants: 3 scans, IN on id). An IN-list on every part would be one scan but reads the cross
 * product of the values (10 keys of 10 distinct tenants and ids: up to 100 rows for 10).
 *
 * <p>An IN-list holds at most {@code maxInList} values; larger groups are split into several scans
 * (run at once). Keys are predicate values from {@link KuduLookupKeys.Converter}, distinct.
 */
final class KeyScanPlanner {

    private KeyScanPlanner() {}

    static List<KeyScan> plan(List<Object[]> keys, int maxInList) {
        if (keys.isEmpty()) {
            return List.of();
        }
        int parts = keys.get(0).length;
        int inPart = parts == 1 ? 0 : partWithFewestGroups(keys, parts);
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (Object[] key : keys) {
            groups.computeIfAbsent(others(key, inPart), g -> new Group(key)).add(key[inPart]);
        }
        List<KeyScan> scans = new ArrayList<>();
        for (Group group : groups.values()) {
            List<Object> values = group.values;
            for (int from = 0; from < values.size(); from += maxInList) {
                List<Object> chunk =
                        List.copyOf(
                                values.subList(from, Math.min(values.size(), from + maxInList)));
                scans.add(new KeyScan(inPart, group.equalValues, chunk));
            }
        }
        return scans;
    }

    /** The part whose removal leaves the fewest distinct rests; the last on a tie. */
    private static int partWithFewestGroups(List<Object[]> keys, int parts) {
        int best = parts - 1;
        int fewest = Integer.MAX_VALUE;
        for (int part = parts - 1; part >= 0; part--) {
            Set<List<Object>> rests = new HashSet<>();
            for (Object[] key : keys) {
                rests.add(others(key, part));
            }
            if (rests.size() < fewest) {
                fewest = rests.size();
                best = part;
            }
        }
        return best;
    }

    /** The key's parts but {@code skipped}, comparable by value (byte[] by content). */
    private static List<Object> others(Object[] key, int skipped) {
        List<Object> rest = new ArrayList<>(key.length - 1);
        for (int i = 0; i < key.length; i++) {
            if (i != skipped) {
                rest.add(comparable(key[i]));
            }
        }
        return rest;
    }

    private static Object comparable(Object value) {
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
    }

    /** The keys of one group: their shared parts and their distinct IN values. */
    private static final class Group {
        final Object[] equalValues;
        final List<Object> values = new ArrayList<>();
        final Set<Object> seen = new HashSet<>();

        Group(Object[] first) {
            this.equalValues = Arrays.copyOf(first, first.length);
        }

        void add(Object value) {
            if (seen.add(comparable(value))) {
                values.add(value);
            }
        }
    }
}
