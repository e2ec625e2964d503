package dev.flinkext.testing.flink;

import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * The Flink version the tests run on, for the few SQL statements whose form differs between the
 * versions we support (2.2 and 2.3).
 */
public final class FlinkVersion {

    private static final int[] MAJOR_MINOR = parse(EnvironmentInformation.getVersion());

    private FlinkVersion() {}

    /** Whether the Flink on the class path is {@code major.minor} or newer. */
    public static boolean atLeast(int major, int minor) {
        return MAJOR_MINOR[0] > major || (MAJOR_MINOR[0] == major && MAJOR_MINOR[1] >= minor);
    }

    /**
     * What an {@code INSERT} of an insert-only query into a table with a {@code PRIMARY KEY} ends
     * with: from Flink 2.3 on, the planner refuses such an INSERT unless it says how to resolve
     * primary-key conflicts ({@code table.exec.sink.require-on-conflict}, default true), and {@code
     * ON CONFLICT DO DEDUPLICATE} keeps 2.2's behaviour (each row overwrites its key; no state for
     * an insert-only query). Flink 2.2 has no such clause, so there it is empty.
     */
    public static String onConflictDeduplicate() {
        return atLeast(2, 3) ? " ON CONFLICT DO DEDUPLICATE" : "";
    }

    static int[] parse(String version) {
        String[] parts = version.split("[.-]");
        if (parts.length < 2) {
            throw new IllegalStateException("Unrecognised Flink version '" + version + "'");
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
