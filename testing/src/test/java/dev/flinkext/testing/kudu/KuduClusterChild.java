package dev.flinkext.testing.kudu;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Upsert;

import javax.net.ssl.SSLContext;

import java.security.Security;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Run by {@link KuduClusterSigkillTest} in a JVM of its own: uses the JDK's TLS first (as an HTTPS
 * client would), then starts a Kudu cluster, writes and reads a row through it, prints its process
 * ids and waits to be killed.
 */
public final class KuduClusterChild {

    private KuduClusterChild() {}

    public static void main(String[] args) throws Exception {
        System.out.println(
                "CERTPATH_CONSTRAINTS " + Security.getProperty("jdk.certpath.disabledAlgorithms"));
        // initialises the JDK's TLS constraints with their defaults (RSA keys >= 1024 bits)
        SSLContext.getDefault().createSSLEngine();

        KuduCluster cluster = new KuduClusterExtension().startCluster();
        KuduClient client = cluster.client();
        Schema schema =
                new Schema(
                        List.of(
                                new ColumnSchema.ColumnSchemaBuilder("id", Type.INT64)
                                        .key(true)
                                        .build()));
        client.createTable(
                "t",
                schema,
                new CreateTableOptions().setRangePartitionColumns(List.of("id")).setNumReplicas(1));
        KuduTable table = client.openTable("t");
        KuduSession session = client.newSession();
        Upsert upsert = table.newUpsert();
        upsert.getRow().addLong("id", 42);
        session.apply(upsert);
        session.close();
        long rows = client.newScannerBuilder(table).build().nextRows().getNumRows();
        System.out.println("ROWS " + rows);
        System.out.println("WORKDIR " + cluster.clusterRoot().getParent());
        System.out.println(
                "READY "
                        + cluster.pids().stream()
                                .map(String::valueOf)
                                .collect(Collectors.joining(",")));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
