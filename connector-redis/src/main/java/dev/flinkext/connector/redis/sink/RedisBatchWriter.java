package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.client.AskRedirect;
import dev.flinkext.connector.redis.client.RedisClientErrors;
import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;
import dev.flinkext.sink.writer.BlockingBatchWriter;
import dev.flinkext.sink.writer.WriteOutcome;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt at a batch of commands: one pipeline per node, every reply checked. Commands answered
 * ASK (their slot is migrating) go at once, in order, to the node named, each after ASKING: a
 * migrating slot answers ASK until the migration ends, which a topology refresh and a retry on the
 * old node would only wait out. Commands whose reply is missing or a transient error (connection
 * lost, MOVED, ASK again after ASKING, TRYAGAIN, CLUSTERDOWN, LOADING, READONLY after a failover,
 * BUSY, ...) are reported unconfirmed, and sink-core retries them in per-key order with a capped
 * backoff; the next attempt first refreshes the cluster topology. Any other error reply (WRONGTYPE,
 * a value that is not a number, ...) fails at once, naming command, key and node.
 *
 * <p>Replies are read one by one, so after a broken connection the replies read until then still
 * confirm their commands: a retry repeats no confirmed write (jedis's {@code Pipeline.sync()} drops
 * every reply already read when a later one times out).
 */
public final class RedisBatchWriter extends BlockingBatchWriter<RedisCommand> {

    /** Error replies that a retry (after a topology refresh) can cure. */
    private static final List<String> TRANSIENT_ERRORS =
            List.of(
                    "MOVED",
                    "ASK",
                    "TRYAGAIN",
                    "CLUSTERDOWN",
                    "LOADING",
                    "READONLY",
                    "MASTERDOWN",
                    "BUSY",
                    "NOREPLICAS");

    private final RedisClientProvider provider;
    private volatile boolean refreshBeforeNextAttempt;

    /**
     * @param provider the client, closed with this writer
     * @param name names the threads
     * @param threads batches written at once
     */
    public RedisBatchWriter(RedisClientProvider provider, String name, int threads) {
        super(name, threads);
        this.provider = provider;
    }

    @Override
    protected WriteOutcome writeBlocking(List<RedisCommand> commands) throws IOException {
        if (refreshBeforeNextAttempt) {
            refreshBeforeNextAttempt = false;
            provider.refreshTopology();
        }
        Failure failure = new Failure();
        boolean[] unconfirmed = new boolean[commands.size()];
        for (Map.Entry<RedisAddress, int[]> node :
                byNode(commands, unconfirmed, failure).entrySet()) {
            sendToNode(node.getKey(), commands, node.getValue(), unconfirmed, failure, false);
        }
        if (failure.cause == null) {
            return WriteOutcome.allConfirmed();
        }
        refreshBeforeNextAttempt = true;
        int count = 0;
        for (boolean u : unconfirmed) {
            count += u ? 1 : 0;
        }
        int[] positions = new int[count];
        for (int i = 0, j = 0; i < unconfirmed.length; i++) {
            if (unconfirmed[i]) {
                positions[j++] = i;
            }
        }
        return WriteOutcome.unconfirmed(
                positions,
                new IOException(
                        "Redis write to "
                                + failure.node
                                + " unconfirmed ("
                                + RedisClientErrors.rootMessage(failure.cause)
                                + ")",
                        failure.cause));
    }

    /**
     * The positions of the commands per node, in order. Plain int arrays, not boxed lists: this
     * runs for every command of every batch. A command whose node cannot be told is unconfirmed.
     * The common case, every command on one node (standalone, sentinel, or a batch of one slot),
     * pays one comparison per command and no map lookup.
     */
    private Map<RedisAddress, int[]> byNode(
            List<RedisCommand> commands, boolean[] unconfirmed, Failure failure) {
        RedisAddress[] nodes = new RedisAddress[commands.size()];
        RedisAddress only = null;
        boolean oneNode = true;
        int known = 0;
        for (int i = 0; i < nodes.length; i++) {
            try {
                nodes[i] = provider.nodeOf(commands.get(i).key());
            } catch (RuntimeException e) {
                failure.record(provider.describe(), e);
                unconfirmed[i] = true;
                continue;
            }
            known++;
            if (only == null) {
                only = nodes[i];
            } else if (oneNode && nodes[i] != only && !nodes[i].equals(only)) {
                oneNode = false;
            }
        }
        if (only == null) {
            return Map.of();
        }
        if (oneNode) {
            int[] positions = new int[known];
            for (int i = 0, j = 0; i < nodes.length; i++) {
                if (nodes[i] != null) {
                    positions[j++] = i;
                }
            }
            return Map.of(only, positions);
        }
        Map<RedisAddress, int[]> counts = new LinkedHashMap<>();
        for (RedisAddress node : nodes) {
            if (node != null) {
                counts.computeIfAbsent(node, n -> new int[1])[0]++;
            }
        }
        Map<RedisAddress, int[]> positions = new LinkedHashMap<>();
        counts.forEach((node, count) -> positions.put(node, new int[count[0]]));
        counts.values().forEach(count -> count[0] = 0); // from here: positions filled in
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                positions.get(nodes[i])[counts.get(nodes[i])[0]++] = i;
            }
        }
        return positions;
    }

    private void sendToNode(
            RedisAddress node,
            List<RedisCommand> commands,
            int[] positions,
            boolean[] unconfirmed,
            Failure failure,
            boolean asking)
            throws IOException {
        Connection connection;
        try {
            connection = provider.connection(node);
        } catch (RuntimeException e) {
            failure.record(node, e);
            for (int position : positions) {
                unconfirmed[position] = true;
            }
            return;
        }
        Object[] replies = new Object[positions.length];
        Words words = new Words();
        int queued = 0;
        int read = 0;
        try {
            // Pipelined as a jedis Pipeline would (written unflushed, sent when the buffer fills
            // or the first reply is read), without its Response per command: replies are read
            // one by one below.
            for (int position : positions) {
                if (asking) {
                    AskRedirect.asking(connection);
                }
                connection.sendCommand(words.of(commands.get(position).words()));
                queued++;
            }
            read = readReplies(connection, replies, node, failure, asking);
        } catch (RuntimeException e) {
            // writing failed: jedis marks the connection broken, no reply can be read
            failure.record(node, e);
        } finally {
            if (read < queued) {
                connection.setBroken(); // unread replies: the pool must not hand it out again
            }
            connection.close();
        }
        Map<RedisAddress, List<Integer>> asked = new LinkedHashMap<>();
        for (int i = 0; i < positions.length; i++) {
            int position = positions[i];
            if (i >= read) {
                unconfirmed[position] = true; // no reply: maybe applied, maybe not
            } else if (replies[i] instanceof JedisDataException) {
                JedisDataException error = (JedisDataException) replies[i];
                Optional<RedisAddress> askTarget =
                        asking ? Optional.empty() : AskRedirect.targetOf(error);
                if (askTarget.isPresent()) {
                    asked.computeIfAbsent(askTarget.get(), n -> new ArrayList<>()).add(position);
                    continue;
                }
                if (!isTransient(error)) {
                    throw rejected(commands.get(position), node, error);
                }
                failure.record(node, error);
                unconfirmed[position] = true;
            }
        }
        for (Map.Entry<RedisAddress, List<Integer>> target : asked.entrySet()) {
            int[] positionsAsked = target.getValue().stream().mapToInt(Integer::intValue).toArray();
            sendToNode(target.getKey(), commands, positionsAsked, unconfirmed, failure, true);
        }
    }

    /**
     * Reads the reply of each queued command, in order; returns how many were read. When the
     * connection fails (e.g. a read timeout), the replies read until then still confirm their
     * commands.
     */
    private static int readReplies(
            Connection connection,
            Object[] replies,
            RedisAddress node,
            Failure failure,
            boolean asking) {
        for (int i = 0; i < replies.length; i++) {
            try {
                if (asking) {
                    readAskingReply(connection);
                }
                replies[i] = connection.getOne();
            } catch (JedisDataException e) {
                replies[i] = e; // an error reply (WRONGTYPE, MOVED, ...): the stream stays in step
            } catch (RuntimeException e) {
                failure.record(node, e);
                return i;
            }
        }
        return replies.length;
    }

    /** ASKING answers OK; were it an error, the command's own reply still says what happened. */
    private static void readAskingReply(Connection connection) {
        try {
            connection.getOne();
        } catch (JedisDataException e) {
            // the command after it then answers ASK or MOVED, which is retried
        }
    }

    private static IOException rejected(
            RedisCommand command, RedisAddress node, JedisDataException e) {
        String message = e.getMessage();
        return new IOException(
                "Redis rejected "
                        + command
                        + " on "
                        + node
                        + ": "
                        + message
                        + (message != null && message.startsWith("WRONGTYPE")
                                ? " (key '"
                                        + command.keyText()
                                        + "' holds another data type than "
                                        + command.name()
                                        + " needs)"
                                : ""),
                e);
    }

    private static boolean isTransient(JedisDataException e) {
        if (e instanceof JedisRedirectionException) {
            return true;
        }
        String message = e.getMessage();
        if (message == null) {
            return false;
        }
        for (String prefix : TRANSIENT_ERRORS) {
            if (message.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void closeClient() {
        provider.close();
    }

    /**
     * One command's words as jedis writes arguments ({@code Protocol.sendCommand} asks only the
     * count and iterates): reused for every command of a node's pipeline, and one reused word, so
     * sending a command allocates no argument list and no wrapper per word.
     */
    private static final class Words extends CommandArguments
            implements Iterator<Rawable>, Rawable {
        private byte[][] words;
        private int next;
        private byte[] current;

        Words() {
            super(Protocol.Command.PING); // never sent: size() and iterator() answer for it
        }

        Words of(byte[][] words) {
            this.words = words;
            return this;
        }

        @Override
        public int size() {
            return words.length;
        }

        @Override
        public Iterator<Rawable> iterator() {
            next = 0;
            return this;
        }

        @Override
        public boolean hasNext() {
            return next < words.length;
        }

        @Override
        public Rawable next() {
            current = words[next++];
            return this;
        }

        @Override
        public byte[] getRaw() {
            return current;
        }
    }

    /** The first failure of an attempt, for the message. */
    private static final class Failure {
        Object node;
        Throwable cause;

        void record(Object node, Throwable cause) {
            if (this.cause == null) {
                this.node = node;
                this.cause = cause;
            }
        }
    }
}
