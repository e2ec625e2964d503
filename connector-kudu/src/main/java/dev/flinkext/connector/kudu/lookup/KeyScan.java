package dev.flinkext.connector.kudu.lookup;

import java.util.List;

/**
 * One Kudu scan of a lookup batch: {@code =} on every key part but {@link #inPart}, and {@code IN}
 * on that one. Its rows are exactly the rows of its keys, never more.
 *
 * @param inPart the key part of the IN-list
 * @param equalValues predicate values of the other parts (the entry at {@code inPart} is unused)
 * @param inValues the IN-list, distinct, at most {@code lookup.in-list.max-size}
 */
record KeyScan(int inPart, Object[] equalValues, List<Object> inValues) {}
