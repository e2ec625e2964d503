package dev.flinkext.connector.kudu.sink;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.config.KuduConnectorOptions;
import dev.flinkext.connector.kudu.config.KuduSinkOptions;
import dev.flinkext.sink.writer.BlockingBatchWriter;
import dev.flinkext.sink.writer.WriteOutcome;

import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Operation;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.RowError;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One attempt at a batch of Kudu writes: a fresh UPSERT or DELETE operation per write, applied to a
 * {@link KuduSession} in MANUAL_FLUSH mode and flushed; then every row error is read.
 *
 * <ul>
 *   <li>No row error: confirmed.
 *   <li>NOT_FOUND on a DELETE with {@code sink.ignore-not-found}, ALREADY_PRESENT with {@code
 *       sink.ignore-duplicate}: confirmed. NOT_FOUND is also taken as done for a DELETE that an
 *       earlier attempt left unconfirmed (that attempt may have deleted the row) and for one that
 *       replaced a buffered UPSERT of its key (that upsert never reached Kudu).
 *   <li>Transient errors (timed out, network error, service unavailable, aborted, a tablet not
 *       ready): unconfirmed; sink-core retries them ({@code sink.max-retries}, capped backoff). A
 *       flush that throws leaves its whole chunk unconfirmed.
 *   <li>Any other row error fails the job, naming the table, the operation, the row's key and
 *       Kudu's message.
 * </ul>
 *
 * <p>Sessions: one per batch in flight ({@code sink.max-in-flight-batches}), kept for the writer's
 * life; the client is the task manager's shared one, its lease closed with this writer.
 */
final class KuduBatchWriter extends BlockingBatchWriter<KuduWrite> {

    private static final Logger LOG = LoggerFactory.getLogger(KuduBatchWriter.class);

    /** Operations a session buffers before a flush (Kudu's mutation buffer, in operations). */
    static final int MAX_OPERATIONS_PER_FLUSH = 10_000;

    private final SharedResources.Lease<KuduClient> client;
    private final KuduTable table;
    private final String name;
    private final boolean ignoreNotFound;
    private final boolean ignoreDuplicate;
    private final long timeoutMillis;
    private final BlockingQueue<KuduSession> idleSessions;

    /** Writes an attempt left unconfirmed, by identity: their next NOT_FOUND may be their own. */
    private final Set<KuduWrite> unconfirmedBefore = ConcurrentHashMap.newKeySet();

    /** Shared with the row converter: the writes still in the buffer, by key. */
    private final Map<ByteBuffer, KuduWrite> buffered;

    KuduBatchWriter(
            SharedResources.Lease<KuduClient> client,
            KuduTable table,
            String name,
            KuduSinkOptions options,
            long timeoutMillis,
            int threads,
            Map<ByteBuffer, KuduWrite> buffered) {
        super(name, threads);
        this.buffered = buffered;
        this.client = client;
        this.table = table;
        this.name = name;
        this.ignoreNotFound = options.ignoreNotFound();
        this.ignoreDuplicate = options.ignoreDuplicate();
        this.timeoutMillis = timeoutMillis;
        this.idleSessions = new ArrayBlockingQueue<>(Math.max(1, threads));
    }

    @Override
    protected WriteOutcome writeBlocking(List<KuduWrite> writes) throws IOException {
        for (KuduWrite write : writes) {
            buffered.remove(write.key(), write); // it left the buffer (a no-op for a retry)
        }
        KuduSession session = idleSessions.poll();
        if (session == null) {
            session = newSession();
        }
        boolean[] unconfirmed = new boolean[writes.size()];
        Throwable cause = null;
        boolean sessionUsable = true;
        Map<Operation, Integer> positions = new IdentityHashMap<>();
        int chunkStart = 0;
        while (chunkStart < writes.size()) {
            int chunkEnd = Math.min(writes.size(), chunkStart + MAX_OPERATIONS_PER_FLUSH);
            positions.clear();
            try {
                for (int i = chunkStart; i < chunkEnd; i++) {
                    KuduWrite write = writes.get(i);
                    Operation operation =
                            write.kind() == KuduWrite.Kind.UPSERT
                                    ? table.newUpsert()
                                    : table.newDelete();
                    operation.setRow(write.row());
                    positions.put(operation, i);
                    session.apply(operation);
                }
                List<OperationResponse> responses = session.flush();
                for (OperationResponse response : responses) {
                    if (!response.hasRowError()) {
                        continue;
                    }
                    RowError error = response.getRowError();
                    Integer position = positions.get(error.getOperation());
                    if (position == null) {
                        throw new IOException(
                                "Kudu reported a row error for an operation not in the batch"
                                        + " written to "
                                        + name
                                        + ": "
                                        + error);
                    }
                    KuduWrite write = writes.get(position);
                    Status status = error.getErrorStatus();
                    if (isDone(write, status)) {
                        continue;
                    }
                    if (!isTransient(status)) {
                        throw rejected(write, error);
                    }
                    unconfirmed[position] = true;
                    if (cause == null) {
                        cause = new IOException(describe(write, error));
                    }
                }
            } catch (KuduException e) {
                // the flush (or apply) failed as a whole: the chunk may or may not be applied
                for (int i = chunkStart; i < chunkEnd; i++) {
                    unconfirmed[i] = true;
                }
                if (cause == null) {
                    cause =
                            new IOException(
                                    "Write of "
                                            + (chunkEnd - chunkStart)
                                            + " rows to "
                                            + name
                                            + " unconfirmed: "
                                            + e.getStatus(),
                                    e);
                }
                sessionUsable = false; // it may still hold the chunk's operations
                closeQuietly(session);
                break;
            }
            chunkStart = chunkEnd;
        }
        if (sessionUsable) {
            idleSessions.offer(session);
        } else {
            for (int i = chunkStart + MAX_OPERATIONS_PER_FLUSH; i < writes.size(); i++) {
                unconfirmed[i] = true; // chunks after the failed one were not sent
            }
        }
        return outcome(writes, unconfirmed, cause);
    }

    private WriteOutcome outcome(List<KuduWrite> writes, boolean[] unconfirmed, Throwable cause) {
        int count = 0;
        for (int i = 0; i < unconfirmed.length; i++) {
            if (unconfirmed[i]) {
                count++;
                unconfirmedBefore.add(writes.get(i));
            } else if (!unconfirmedBefore.isEmpty()) {
                unconfirmedBefore.remove(writes.get(i));
            }
        }
        if (count == 0) {
            return WriteOutcome.allConfirmed();
        }
        int[] positions = new int[count];
        for (int i = 0, j = 0; i < unconfirmed.length; i++) {
            if (unconfirmed[i]) {
                positions[j++] = i;
            }
        }
        return WriteOutcome.unconfirmed(positions, cause);
    }

    private boolean isDone(KuduWrite write, Status status) {
        if (status.isNotFound() && write.kind() == KuduWrite.Kind.DELETE) {
            return ignoreNotFound || write.mayFindNoRow() || unconfirmedBefore.contains(write);
        }
        return status.isAlreadyPresent() && ignoreDuplicate;
    }

    /** Errors a later attempt can cure: the servers, not the data, were at fault. */
    static boolean isTransient(Status status) {
        return status.isTimedOut()
                || status.isNetworkError()
                || status.isServiceUnavailable()
                || status.isAborted()
                || status.isIncomplete()
                || status.isIllegalState()
                || status.isUninitialized();
    }

    private IOException rejected(KuduWrite write, RowError error) {
        String hint = "";
        if (error.getErrorStatus().isNotFound() && write.kind() == KuduWrite.Kind.DELETE) {
            // only a delete's NOT_FOUND is about the row; others (a dropped table) are not
            hint =
                    " (set '"
                            + KuduConnectorOptions.SINK_IGNORE_NOT_FOUND.key()
                            + "' = 'true' to take deletes of absent rows as done)";
        } else if (error.getErrorStatus().isAlreadyPresent()) {
            hint =
                    " (set '"
                            + KuduConnectorOptions.SINK_IGNORE_DUPLICATE.key()
                            + "' = 'true' to ignore it)";
        }
        return new IOException("Kudu rejected " + describe(write, error) + hint);
    }

    private String describe(KuduWrite write, RowError error) {
        return write.kind()
                + " of the row with key "
                + write.describeKey()
                + " in "
                + name
                + (error.getTsUUID() == null ? "" : " (tablet server " + error.getTsUUID() + ")")
                + ": "
                + error.getErrorStatus();
    }

    private KuduSession newSession() {
        KuduSession session = client.get().newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(MAX_OPERATIONS_PER_FLUSH, -1);
        session.setTimeoutMillis(timeoutMillis);
        return session;
    }

    private void closeQuietly(KuduSession session) {
        try {
            session.close();
        } catch (Exception e) {
            LOG.debug("Closing a Kudu session of {} failed", name, e);
        }
    }

    @Override
    protected void closeClient() throws Exception {
        KuduSession session;
        while ((session = idleSessions.poll()) != null) {
            closeQuietly(session);
        }
        client.close();
    }
}
