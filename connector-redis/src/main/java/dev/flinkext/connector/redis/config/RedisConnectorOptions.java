package dev.flinkext.connector.redis.config;

import dev.flinkext.sink.SinkCoreOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** Every option of the {@code 'connector' = 'redis'} tables, with its default and meaning. */
public final class RedisConnectorOptions {

    private RedisConnectorOptions() {}

    // ---------------------------------------------------------------- connection

    public static final ConfigOption<RedisMode> MODE =
            ConfigOptions.key("mode")
                    .enumType(RedisMode.class)
                    .defaultValue(RedisMode.STANDALONE)
                    .withDescription(
                            "How Redis is deployed: STANDALONE (host/port), CLUSTER (nodes) or"
                                    + " SENTINEL (sentinel.master + sentinel.nodes).");

    public static final ConfigOption<String> HOST =
            ConfigOptions.key("host")
                    .stringType()
                    .defaultValue("localhost")
                    .withDescription("Standalone mode: the server's host name.");

    public static final ConfigOption<Integer> PORT =
            ConfigOptions.key("port")
                    .intType()
                    .defaultValue(6379)
                    .withDescription("Standalone mode: the server's port.");

    public static final ConfigOption<List<String>> NODES =
            ConfigOptions.key("nodes")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Cluster mode: seed nodes as 'host:port;host:port' (or commas); the client"
                                    + " discovers the others.");

    public static final ConfigOption<String> SENTINEL_MASTER =
            ConfigOptions.key("sentinel.master")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Sentinel mode: the name the Sentinels know the master by.");

    public static final ConfigOption<List<String>> SENTINEL_NODES =
            ConfigOptions.key("sentinel.nodes")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Sentinel mode: the Sentinels as 'host:port;host:port' (or commas).");

    public static final ConfigOption<String> SENTINEL_PASSWORD =
            ConfigOptions.key("sentinel.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Sentinel mode: the Sentinels' own password, when they require one"
                                    + " (the data nodes use 'password').");

    public static final ConfigOption<Integer> DATABASE =
            ConfigOptions.key("database")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "The logical database (SELECT n). Standalone and sentinel only:"
                                    + " Redis Cluster has database 0 alone.");

    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("ACL user name (Redis 6+); leave unset for 'default'.");

    public static final ConfigOption<String> PASSWORD =
            ConfigOptions.key("password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Password (requirepass, or the ACL user's). Never logged nor shown.");

    public static final ConfigOption<Boolean> SSL =
            ConfigOptions.key("ssl")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Connect with TLS.");

    public static final ConfigOption<SslVerify> SSL_VERIFY_MODE =
            ConfigOptions.key("ssl.verify-mode")
                    .enumType(SslVerify.class)
                    .defaultValue(SslVerify.FULL)
                    .withDescription(
                            "TLS: FULL checks the certificate chain and the host name, CA only the"
                                    + " chain, INSECURE nothing (tests only).");

    public static final ConfigOption<String> SSL_TRUSTSTORE_PATH =
            ConfigOptions.key("ssl.truststore.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "TLS: trust store with the CA certificates; the JVM's default when"
                                    + " unset.");

    public static final ConfigOption<String> SSL_TRUSTSTORE_PASSWORD =
            ConfigOptions.key("ssl.truststore.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("TLS: the trust store's password. Never logged nor shown.");

    public static final ConfigOption<String> SSL_TRUSTSTORE_TYPE =
            ConfigOptions.key("ssl.truststore.type")
                    .stringType()
                    .defaultValue("PKCS12")
                    .withDescription("TLS: the trust store's type (PKCS12, JKS).");

    public static final ConfigOption<String> SSL_KEYSTORE_PATH =
            ConfigOptions.key("ssl.keystore.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("TLS: key store with the client certificate (mutual TLS).");

    public static final ConfigOption<String> SSL_KEYSTORE_PASSWORD =
            ConfigOptions.key("ssl.keystore.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("TLS: the key store's password. Never logged nor shown.");

    public static final ConfigOption<String> SSL_KEYSTORE_TYPE =
            ConfigOptions.key("ssl.keystore.type")
                    .stringType()
                    .defaultValue("PKCS12")
                    .withDescription("TLS: the key store's type (PKCS12, JKS).");

    public static final ConfigOption<Duration> CONNECT_TIMEOUT =
            ConfigOptions.key("connect-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("How long opening a connection may take.");

    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Socket read timeout of one command or pipeline reply.");

    public static final ConfigOption<Integer> POOL_MAX_TOTAL =
            ConfigOptions.key("pool.max-total")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Most connections per node a task manager's client opens.");

    public static final ConfigOption<Integer> POOL_MAX_IDLE =
            ConfigOptions.key("pool.max-idle")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Most idle connections per node kept open.");

    public static final ConfigOption<Integer> POOL_MIN_IDLE =
            ConfigOptions.key("pool.min-idle")
                    .intType()
                    .defaultValue(0)
                    .withDescription("Idle connections per node kept open at least.");

    // ---------------------------------------------------------------- table mapping

    public static final ConfigOption<RedisDataType> DATA_TYPE =
            ConfigOptions.key("data-type")
                    .enumType(RedisDataType.class)
                    .defaultValue(RedisDataType.STRING)
                    .withDescription(
                            "The Redis structure a row maps to: STRING (SET), HASH (HSET), LIST"
                                    + " (RPUSH/LPUSH), SET (SADD), SORTED_SET (ZADD or ZINCRBY),"
                                    + " COUNTER (INCRBY/INCRBYFLOAT), HASH_COUNTER"
                                    + " (HINCRBY/HINCRBYFLOAT), PUBLISH (pub/sub message).");

    public static final ConfigOption<String> KEY_PREFIX =
            ConfigOptions.key("key-prefix")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Text put before every Redis key (e.g. 'user:').");

    public static final ConfigOption<String> KEY_SEPARATOR =
            ConfigOptions.key("key.separator")
                    .stringType()
                    .defaultValue(":")
                    .withDescription("Joins the key columns of a composite key.");

    public static final ConfigOption<List<String>> KEY_FIELDS =
            ConfigOptions.key("key.fields")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "The columns whose values form the Redis key, in order, as 'a;b' (or"
                                    + " 'a,b'). Defaults to"
                                    + " the PRIMARY KEY. Needed where the primary key holds more"
                                    + " than the Redis key (a SET's member, a hash field column)"
                                    + " or where the table has no primary key (LIST, SET,"
                                    + " SORTED_SET, COUNTER, PUBLISH).");

    public static final ConfigOption<String> VALUE_COLUMN =
            ConfigOptions.key("value.column")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The column stored as the value (STRING, LIST, SET, SORTED_SET member,"
                                    + " COUNTER amount, PUBLISH message; HASH and HASH_COUNTER with"
                                    + " hash.field-column: the field's value). Defaults to the"
                                    + " only column left once key, field and score columns are"
                                    + " set aside. Excludes value.format.");

    public static final ConfigOption<String> VALUE_FORMAT =
            ConfigOptions.key("value.format")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Stores the row encoded by this Flink format (e.g. 'json', 'raw')"
                                    + " instead of one column: STRING, LIST, SET, SORTED_SET member"
                                    + " and PUBLISH. Format options follow as 'value.json.*'.");

    public static final ConfigOption<ValueFieldsInclude> VALUE_FIELDS_INCLUDE =
            ConfigOptions.key("value.fields-include")
                    .enumType(ValueFieldsInclude.class)
                    .defaultValue(ValueFieldsInclude.ALL)
                    .withDescription(
                            "With value.format: ALL encodes every column, EXCEPT_KEY leaves out the"
                                    + " key columns (and the score column of a SORTED_SET).");

    public static final ConfigOption<String> HASH_FIELD_COLUMN =
            ConfigOptions.key("hash.field-column")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "HASH / HASH_COUNTER: the column naming the hash field; the value"
                                    + " comes from value.column. Unset: every non-key column is"
                                    + " a field named after the column.");

    public static final ConfigOption<String> SCORE_COLUMN =
            ConfigOptions.key("sorted-set.score-column")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("SORTED_SET: the numeric column holding the score.");

    public static final ConfigOption<ScoreMode> SCORE_MODE =
            ConfigOptions.key("sorted-set.score-mode")
                    .enumType(ScoreMode.class)
                    .defaultValue(ScoreMode.SET)
                    .withDescription(
                            "SORTED_SET: SET writes the score (ZADD; a delete removes the member),"
                                    + " INCREMENT adds it (ZINCRBY; a delete or update-before"
                                    + " subtracts it).");

    public static final ConfigOption<ListPush> LIST_PUSH =
            ConfigOptions.key("list.push")
                    .enumType(ListPush.class)
                    .defaultValue(ListPush.RIGHT)
                    .withDescription("LIST: RIGHT appends (RPUSH), LEFT prepends (LPUSH).");

    public static final ConfigOption<String> PUBLISH_CHANNEL =
            ConfigOptions.key("publish.channel")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "PUBLISH: a fixed channel. Unset: the channel is the row's key"
                                    + " (key-prefix + key.fields).");

    // ---------------------------------------------------------------- sink

    // Buffering, in-flight batches, retries and sink.parallelism are sink-core's options, shared by
    // every flinkext sink (SinkCoreOptions); these aliases keep their old names here.

    public static final ConfigOption<Integer> SINK_BUFFER_FLUSH_MAX_ROWS =
            SinkCoreOptions.BUFFER_FLUSH_MAX_ROWS;

    public static final ConfigOption<Duration> SINK_BUFFER_FLUSH_INTERVAL =
            SinkCoreOptions.BUFFER_FLUSH_INTERVAL;

    public static final ConfigOption<Integer> SINK_MAX_RETRIES = SinkCoreOptions.MAX_RETRIES;

    public static final ConfigOption<Duration> SINK_RETRY_BACKOFF = SinkCoreOptions.RETRY_BACKOFF;

    public static final ConfigOption<Boolean> SINK_IGNORE_DELETE =
            ConfigOptions.key("sink.ignore-delete")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Drop DELETE and UPDATE_BEFORE rows instead of removing or"
                                    + " subtracting.");

    public static final ConfigOption<Duration> SINK_TTL =
            ConfigOptions.key("sink.ttl")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Time to live set on every key written (PEXPIRE in the same"
                                    + " pipeline); unset keeps keys forever.");

    public static final ConfigOption<Integer> SINK_PARALLELISM = SinkCoreOptions.SINK_PARALLELISM;

    // ---------------------------------------------------------------- scan and lookup

    public static final ConfigOption<String> SCAN_MATCH =
            ConfigOptions.key("scan.match")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Scan and FULL lookup cache: the SCAN MATCH pattern of the keys read"
                                    + " (Redis glob syntax). Defaults to the key prefix followed"
                                    + " by '*' (every key when there is no prefix).");

    public static final ConfigOption<Integer> SCAN_COUNT =
            ConfigOptions.key("scan.count")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Scan and FULL lookup cache: the SCAN COUNT hint, about how many keys"
                                    + " one page examines; each page's values are then read in"
                                    + " one pipeline.");

    /** TLS certificate checks, as jedis names them. */
    public enum SslVerify {
        FULL,
        CA,
        INSECURE
    }

    /** Which columns a value format encodes. */
    public enum ValueFieldsInclude {
        ALL,
        EXCEPT_KEY
    }

    /** How a SORTED_SET's score column is applied. */
    public enum ScoreMode {
        SET,
        INCREMENT
    }

    /** Which end of a LIST rows are pushed to. */
    public enum ListPush {
        RIGHT,
        LEFT
    }
}
