package dev.flinkext.connector.kudu.client;

import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.KuduClient;

/**
 * What {@link KuduClients} shares per task manager and connection options: one asynchronous client
 * and its blocking face, made once so every writer and scan sees the same {@link KuduClient}.
 */
record SharedKuduClient(AsyncKuduClient async, KuduClient sync) implements AutoCloseable {

    static SharedKuduClient of(AsyncKuduClient async) {
        return new SharedKuduClient(async, async.syncClient());
    }

    @Override
    public void close() throws Exception {
        async.close(); // the blocking face has nothing of its own to close
    }
}
