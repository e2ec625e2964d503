package dev.flinkext.testing.process;

import dev.flinkext.testing.ServerExtension;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.kudu.KuduCluster;
import dev.flinkext.testing.kudu.KuduClusterExtension;
import dev.flinkext.testing.redis.RedisClusterExtension;
import dev.flinkext.testing.redis.RedisSentinelExtension;
import dev.flinkext.testing.redis.RedisServerExtension;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Upsert;

import javax.net.ssl.SSLContext;

import java.util.List;

/**
 * Child-JVM main for {@link ServerLeakTest}: starts every server that runs as an OS process, prints
 * {@code PID n} for each of their processes and {@code READY}, then waits to be killed.
 *
 * <p>It uses the JDK's TLS before starting Kudu, as an HTTPS client in a test would: Kudu's mini
 * cluster must still work (its keys are 2048-bit, see KuduCluster).
 */
public final class AllServersMain {

    private AllServersMain() {}

    public static void main(String[] args) throws Exception {
        SSLContext.getDefault().createSSLEngine();

        announce(RedisServerExtension.embedded());
        announce(RedisServerExtension.system());
        announce(RedisClusterExtension.embedded());
        announce(RedisSentinelExtension.embedded());
        announce(new ClickHouseServerExtension());
        announce(new ClickHouseClusterExtension().shardWeights(1, 3));
        KuduCluster kudu = announce(new KuduClusterExtension());
        System.out.println("KUDU_ROWS " + writeAndCountOneRow(kudu.client()));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static <S extends ServerProcesses> S announce(ServerExtension<S> extension)
            throws Exception {
        S server = extension.startUnmanaged();
        for (long pid : server.pids()) {
            System.out.println("PID " + pid);
        }
        return server;
    }

    private static long writeAndCountOneRow(KuduClient client) throws Exception {
        Schema schema =
                new Schema(
                        List.of(
                                new ColumnSchema.ColumnSchemaBuilder("id", Type.INT64)
                                        .key(true)
                                        .build()));
        client.createTable(
                "leak_probe",
                schema,
                new CreateTableOptions().setRangePartitionColumns(List.of("id")).setNumReplicas(1));
        KuduTable table = client.openTable("leak_probe");
        KuduSession session = client.newSession();
        Upsert upsert = table.newUpsert();
        upsert.getRow().addLong("id", 42);
        session.apply(upsert);
        session.close();
        return client.newScannerBuilder(table).build().nextRows().getNumRows();
    }
}
