package dev.flinkext.testing.kudu;

import dev.flinkext.testing.ServerExtension;

import org.apache.kudu.client.KuduClient;

import java.util.ArrayList;
import java.util.List;

/**
 * A real Kudu mini cluster for tests: 1 master and 1 tablet server by default, on unique 127.x.y.z
 * loopback addresses, from the binaries in {@code org.apache.kudu:kudu-binary}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KuduClusterExtension KUDU = new KuduClusterExtension();
 *
 * KuduClient client = KUDU.client();   // or KUDU.masterAddresses() for your own client
 * }</pre>
 *
 * <p>With fewer than 3 tablet servers, create tables with {@code setNumReplicas(1)}. The module
 * using it declares {@code kudu-test-utils}, {@code kudu-binary} (classifier {@code linux-x86_64})
 * and {@code kudu-client} in test scope: they are optional dependencies of this module.
 */
public final class KuduClusterExtension extends ServerExtension<KuduCluster> {

    private int masters = 1;
    private int tabletServers = 1;
    private final List<String> masterFlags = new ArrayList<>();
    private final List<String> tabletServerFlags = new ArrayList<>();

    /** Number of masters (default 1). */
    public KuduClusterExtension masters(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("A Kudu cluster needs at least one master");
        }
        this.masters = count;
        return this;
    }

    /** Number of tablet servers (default 1). */
    public KuduClusterExtension tabletServers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("A Kudu cluster needs at least one tablet server");
        }
        this.tabletServers = count;
        return this;
    }

    /** An extra gflag for every master, e.g. {@code --max_num_columns=500}. */
    public KuduClusterExtension masterFlag(String flag) {
        masterFlags.add(flag);
        return this;
    }

    /** An extra gflag for every tablet server. */
    public KuduClusterExtension tabletServerFlag(String flag) {
        tabletServerFlags.add(flag);
        return this;
    }

    /** The running cluster's shared client. */
    public KuduClient client() {
        return server().client();
    }

    /** The running cluster's master addresses, comma-separated. */
    public String masterAddresses() {
        return server().masterAddresses();
    }

    @Override
    protected KuduCluster startServer() throws Exception {
        requireKuduTestUtils();
        return KuduCluster.start(masters, tabletServers, masterFlags, tabletServerFlags);
    }

    @Override
    protected String sharingKey() {
        return masters + "m:" + tabletServers + "t:" + masterFlags + ":" + tabletServerFlags;
    }

    private static void requireKuduTestUtils() {
        try {
            Class.forName(
                    "org.apache.kudu.test.cluster.MiniKuduCluster",
                    false,
                    KuduClusterExtension.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "KuduClusterExtension needs org.apache.kudu:kudu-test-utils, kudu-binary"
                            + " (classifier linux-x86_64) and kudu-client on the test class path;"
                            + " declare them in this module's pom (test scope).",
                    e);
        }
    }
}
