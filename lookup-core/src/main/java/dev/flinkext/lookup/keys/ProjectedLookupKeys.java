package dev.flinkext.lookup.keys;

import javax.annotation.Nullable;

import java.util.Optional;

/**
 * Lookup keys after projection push-down. The planner pushes projections into lookup sources too,
 * so {@code LookupContext.getKeys()} index the <b>produced</b> (projected) row, while a store's key
 * is made of physical columns: every connector with {@code SupportsProjectionPushDown} maps them
 * back with {@link #toPhysical}, and find produced positions of physical columns (a primary key)
 * with {@link #toProduced}.
 */
public final class ProjectedLookupKeys {

    private ProjectedLookupKeys() {}

    /**
     * @param producedKeys {@code LookupContext.getKeys()}: paths into the produced row
     * @param projection the produced columns' physical positions, as {@code applyProjection} gave
     *     them (top-level only); null when nothing was projected
     * @return the same key paths, indexing the physical row
     */
    public static int[][] toPhysical(int[][] producedKeys, @Nullable int[] projection) {
        if (projection == null) {
            return producedKeys;
        }
        int[][] physical = new int[producedKeys.length][];
        for (int i = 0; i < producedKeys.length; i++) {
            if (producedKeys[i][0] >= projection.length) {
                throw new IllegalArgumentException(
                        "Lookup key column "
                                + producedKeys[i][0]
                                + " is outside the projection of "
                                + projection.length
                                + " column(s)");
            }
            physical[i] = producedKeys[i].clone();
            physical[i][0] = projection[producedKeys[i][0]];
        }
        return physical;
    }

    /**
     * The produced positions of physical columns (e.g. a primary key), the inverse of {@link
     * #toPhysical} for top-level columns.
     *
     * @param physicalColumns physical column positions
     * @param projection the produced columns' physical positions; null when nothing was projected
     * @return their positions in the produced row, in the same order; empty when a column is not
     *     produced
     */
    public static Optional<int[]> toProduced(int[] physicalColumns, @Nullable int[] projection) {
        if (projection == null) {
            return Optional.of(physicalColumns.clone());
        }
        int[] produced = new int[physicalColumns.length];
        for (int i = 0; i < physicalColumns.length; i++) {
            produced[i] = indexOf(projection, physicalColumns[i]);
            if (produced[i] < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(produced);
    }

    private static int indexOf(int[] positions, int position) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] == position) {
                return i;
            }
        }
        return -1;
    }
}
