package dev.flinkext.connector.redis.sink;

import dev.flinkext.connector.redis.client.AskRedirect;
import dev.flinkext.connector.redis.client.RedisClientErrors;
import dev.flinkext.connector.redis.client.RedisClientProvider;
import dev.flinkext.connector.redis.config.RedisAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a batch of commands as one pipeline per node and checks every reply. Commands answered ASK
 * (their slot is migrating) go at once, in order, to the node named, each after ASKING. Commands
 * whose reply is missing or a transient error (connection lost, MOVED, TRYAGAIN, CLUSTERDOWN,
 * LOADING, READONLY after a failover, ...) are retried, in their original order, up to {@code
 * maxRetries} times with doubling backoff; then the batch fails with Redis's error and the node.
 * Any other error reply (WRONGTYPE, a value that is not a number, ...) fails at once, naming
 * command and key.
 *
 * <p>Only commands without a success reply are resent, so a retry repeats no confirmed write, also
 * when the connection fails halfway through a pipeline's replies; a command whose reply was lost
 * with the connection may have been applied (at-least-once).
 */
public final class RedisBatchExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBatchExecutor.class);

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

    /** Sleeps between attempts; tests may pass one that does not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Called once per retry round (for metrics). */
    @FunctionalInterface
    public interface RetryListener {
        void onRetry(int attempt, int commands, Throwable cause);
    }

    private final RedisClientProvider provider;
    private final int maxRetries;
    private final Duration backoff;
    private final Sleeper sleeper;
    private final RetryListener retryListener;

    public RedisBatchExecutor(
            RedisClientProvider provider,
            int maxRetries,
            Duration backoff,
            Sleeper sleeper,
            RetryListener retryListener) {
        this.provider = provider;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.retryListener = retryListener;
    }

    /** Applies {@code commands}, in order per key; returns when Redis confirmed every one. */
    public void execute(List<RedisCommand> commands) throws IOException, InterruptedException {
        List<RedisCommand> pending = commands;
        for (int attempt = 0; ; attempt++) {
            Failure failure = new Failure();
            pending = sendOnce(pending, failure);
            if (pending.isEmpty()) {
                return;
            }
            if (attempt >= maxRetries) {
                throw new IOException(
                        "Redis write failed after "
                                + (attempt + 1)
                                + " attempt(s) ("
                                + "'sink.max-retries' = "
                                + maxRetries
                                + "): "
                                + pending.size()
                                + " command(s) unconfirmed, e.g. "
                                + pending.get(0)
                                + " on "
                                + failure.node
                                + ": "
                                + RedisClientErrors.rootMessage(failure.cause),
                        failure.cause);
            }
            retryListener.onRetry(attempt + 1, pending.size(), failure.cause);
            LOG.warn(
                    "Redis write attempt {} failed for {} command(s) on {} ({}); retrying",
                    attempt + 1,
                    pending.size(),
                    failure.node,
                    RedisClientErrors.rootMessage(failure.cause));
            sleeper.sleep(backoff.multipliedBy(1L << Math.min(attempt, 20)));
            provider.refreshTopology();
        }
    }

    /** One round: a pipeline per node. Returns the commands left to retry. */
    private List<RedisCommand> sendOnce(List<RedisCommand> commands, Failure failure)
            throws IOException {
        Map<Object, List<RedisCommand>> byNode = new LinkedHashMap<>();
        List<RedisCommand> retry = new ArrayList<>();
        for (RedisCommand command : commands) {
            Object node;
            try {
                node = provider.nodeOf(command.key());
            } catch (RuntimeException e) {
                failure.record(provider.describe(), e);
                retry.add(command);
                continue;
            }
            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(command);
        }
        for (Map.Entry<Object, List<RedisCommand>> entry : byNode.entrySet()) {
            sendToNode((RedisAddress) entry.getKey(), entry.getValue(), retry, failure);
        }
        return retry;
    }

    private void sendToNode(
            RedisAddress node,
            List<RedisCommand> commands,
            List<RedisCommand> retry,
            Failure failure)
            throws IOException {
        sendToNode(node, commands, retry, failure, false);
    }

    /**
     * With {@code asking}, each command goes after an {@code ASKING}: the commands an ASK reply
     * sent here. A migrating slot answers ASK until the migration ends, which a topology refresh
     * and a retry on the old node would only wait out (and fail on, if it lasts).
     */
    private void sendToNode(
            RedisAddress node,
            List<RedisCommand> commands,
            List<RedisCommand> retry,
            Failure failure,
            boolean asking)
            throws IOException {
        Connection connection;
        try {
            connection = provider.connection(node);
        } catch (RuntimeException e) {
            failure.record(node, e);
            retry.addAll(commands);
            return;
        }
        Object[] replies = new Object[commands.size()];
        int queued = 0;
        int read = 0;
        try {
            // The pipeline only queues; replies are read one by one below, because jedis's
            // Pipeline.sync() drops every reply already read when a later one times out.
            Pipeline pipeline = new Pipeline(connection);
            for (RedisCommand command : commands) {
                if (asking) {
                    AskRedirect.asking(pipeline);
                }
                command.enqueue(pipeline);
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
        Map<RedisAddress, List<RedisCommand>> asked = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            RedisCommand command = commands.get(i);
            if (i >= read) {
                retry.add(command); // no reply: maybe applied, maybe not
            } else if (replies[i] instanceof JedisDataException) {
                JedisDataException error = (JedisDataException) replies[i];
                Optional<RedisAddress> askTarget =
                        asking ? Optional.empty() : AskRedirect.targetOf(error);
                if (askTarget.isPresent()) {
                    asked.computeIfAbsent(askTarget.get(), n -> new ArrayList<>()).add(command);
                    continue;
                }
                if (!isTransient(error)) {
                    throw rejected(command, node, error);
                }
                failure.record(node, error);
                retry.add(command);
            }
        }
        for (Map.Entry<RedisAddress, List<RedisCommand>> target : asked.entrySet()) {
            sendToNode(target.getKey(), target.getValue(), retry, failure, true);
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

    /** The first failure of a round, for the final message. */
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
