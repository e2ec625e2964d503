package dev.flinkext.lookup.keys;

import javax.annotation.Nullable;

/**
 * Lookup keys after projection push-down. The planner pushes projections into lookup sources too,
 * so {@code LookupContext.getKeys()} index the <b>produced</b> (projected) row, while a store's key
 * is made of physical columns: every connector with {@code SupportsProjectionPushDown} maps them
 * back with {@link #toPhysical}.
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
}
