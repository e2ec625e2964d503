package dev.flinkext.common.resource;

/** Closing several resources where one failing must not leave the others open. */
public final class Closeables {

    private Closeables() {}

    /**
     * Closes every resource, in order, even when some fail; then throws the first failure with the
     * later ones suppressed.
     */
    public static void closeAll(Iterable<? extends AutoCloseable> resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** As {@link #closeAll}, adding every failure to {@code primary} as suppressed. */
    public static void closeAllQuietly(
            Iterable<? extends AutoCloseable> resources, Throwable primary) {
        try {
            closeAll(resources);
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
