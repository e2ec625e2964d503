package dev.flinkext.connector.vms.registry;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A registry read once from a YAML or JSON file (a path, or a URL such as {@code https://...} or
 * {@code file:...}); JSON when the name ends with {@code .json}, YAML otherwise. The format (see
 * the module README):
 *
 * <pre>{@code
 * clusters:
 *   main:
 *     bootstrap-servers: broker-1:9092,broker-2:9092
 *     properties: {security.protocol: SASL_SSL}   # optional client settings
 * apps:
 *   orders:
 *     cluster: main                 # the default cluster of this app's streams
 *     streams:
 *       created: {topic: prod.orders.created.v1}
 *       paid: {}                    # topic defaults to <app>.<stream>: orders.paid
 * }</pre>
 *
 * Every cluster a stream names must exist, and unknown keys are errors: a typo must not route a
 * stream to the wrong place.
 */
public final class FileStreamRegistry implements StreamRegistry {

    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.+");

    private final String location;
    private final Map<String, ResolvedStream> streams;

    private FileStreamRegistry(String location, Map<String, ResolvedStream> streams) {
        this.location = location;
        this.streams = streams;
    }

    /** Reads and checks the registry at {@code location} (a file path or a URL). */
    public static FileStreamRegistry load(String location) {
        JsonNode root;
        try (InputStream in = open(location)) {
            ObjectMapper mapper =
                    location.toLowerCase(Locale.ROOT).endsWith(".json")
                            ? new ObjectMapper()
                            : new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read the stream registry file " + location + ": " + e.getMessage(), e);
        }
        return new FileStreamRegistry(location, new Parser(location).streams(root));
    }

    private static InputStream open(String location) throws IOException {
        if (URL_SCHEME.matcher(location).matches()) {
            return URI.create(location).toURL().openStream();
        }
        return Files.newInputStream(Path.of(location));
    }

    @Override
    public ResolvedStream resolve(String app, String stream) {
        ResolvedStream resolved = streams.get(app + "/" + stream);
        if (resolved != null) {
            return resolved;
        }
        List<String> ofApp =
                streams.values().stream()
                        .filter(s -> s.app().equals(app))
                        .map(ResolvedStream::stream)
                        .sorted()
                        .toList();
        throw new UnknownStreamException(
                "Stream '"
                        + stream
                        + "' of app '"
                        + app
                        + "' is not in the "
                        + description()
                        + (ofApp.isEmpty()
                                ? "; it lists no app '" + app + "'"
                                : "; app '" + app + "' has streams " + ofApp));
    }

    @Override
    public String description() {
        return "registry file " + location;
    }

    /** Every stream the file lists, by {@code app/stream}. */
    public Map<String, ResolvedStream> streams() {
        return streams;
    }

    /** Walks the parsed tree, naming the file and the path of any entry it rejects. */
    private static final class Parser {
        private final String location;

        Parser(String location) {
            this.location = location;
        }

        Map<String, ResolvedStream> streams(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw error("", "must be a map with 'clusters' and 'apps'");
            }
            keys(root, "", Set.of("clusters", "apps"));
            Map<String, Cluster> clusters = new TreeMap<>();
            for (Map.Entry<String, JsonNode> c : entries(root, "clusters")) {
                String path = "clusters." + c.getKey();
                JsonNode node = object(c.getValue(), path);
                keys(node, path, Set.of("bootstrap-servers", "properties"));
                clusters.put(
                        c.getKey(),
                        new Cluster(
                                text(node, "bootstrap-servers", path, true),
                                properties(node.get("properties"), path + ".properties")));
            }
            Map<String, ResolvedStream> streams = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> a : entries(root, "apps")) {
                String app = a.getKey();
                String appPath = "apps." + app;
                JsonNode appNode = object(a.getValue(), appPath);
                keys(appNode, appPath, Set.of("cluster", "streams"));
                String appCluster = text(appNode, "cluster", appPath, false);
                for (Map.Entry<String, JsonNode> s : entries(appNode, "streams", appPath)) {
                    String stream = s.getKey();
                    String path = appPath + ".streams." + stream;
                    JsonNode node =
                            s.getValue() == null || s.getValue().isNull()
                                    ? new ObjectMapper().createObjectNode()
                                    : object(s.getValue(), path);
                    keys(node, path, Set.of("cluster", "topic"));
                    String clusterName = text(node, "cluster", path, false);
                    if (clusterName == null) {
                        clusterName = appCluster;
                    }
                    if (clusterName == null) {
                        throw error(path, "names no cluster (nor does app '" + app + "')");
                    }
                    Cluster cluster = clusters.get(clusterName);
                    if (cluster == null) {
                        throw error(
                                path,
                                "names cluster '"
                                        + clusterName
                                        + "', which is not under 'clusters' "
                                        + clusters.keySet());
                    }
                    String topic = text(node, "topic", path, false);
                    streams.put(
                            app + "/" + stream,
                            new ResolvedStream(
                                    app,
                                    stream,
                                    clusterName,
                                    cluster.bootstrapServers,
                                    topic == null ? app + "." + stream : topic,
                                    cluster.properties));
                }
            }
            return streams;
        }

        private Iterable<Map.Entry<String, JsonNode>> entries(JsonNode parent, String key) {
            return entries(parent, key, "");
        }

        private Iterable<Map.Entry<String, JsonNode>> entries(
                JsonNode parent, String key, String parentPath) {
            String path = parentPath.isEmpty() ? key : parentPath + "." + key;
            JsonNode node = parent.get(key);
            if (node == null || node.isNull()) {
                return List.of();
            }
            Iterator<Map.Entry<String, JsonNode>> it = object(node, path).fields();
            return () -> it;
        }

        private JsonNode object(JsonNode node, String path) {
            if (!node.isObject()) {
                throw error(path, "must be a map, not " + node.getNodeType());
            }
            return node;
        }

        private void keys(JsonNode node, String path, Set<String> allowed) {
            node.fieldNames()
                    .forEachRemaining(
                            k -> {
                                if (!allowed.contains(k)) {
                                    throw error(
                                            path.isEmpty() ? k : path + "." + k,
                                            "is not a known key; expected one of "
                                                    + new TreeSet<>(allowed));
                                }
                            });
        }

        private String text(JsonNode node, String key, String path, boolean required) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                if (required) {
                    throw error(path, "needs '" + key + "'");
                }
                return null;
            }
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw error(path + "." + key, "must be a non-empty text");
            }
            return value.asText().trim();
        }

        private Map<String, String> properties(JsonNode node, String path) {
            Map<String, String> props = new TreeMap<>();
            if (node == null || node.isNull()) {
                return props;
            }
            object(node, path)
                    .fields()
                    .forEachRemaining(
                            e -> {
                                if (!e.getValue().isValueNode()) {
                                    throw error(path + "." + e.getKey(), "must be a single value");
                                }
                                props.put(e.getKey(), e.getValue().asText());
                            });
            return props;
        }

        private IllegalArgumentException error(String path, String what) {
            return new IllegalArgumentException(
                    "Stream registry file "
                            + location
                            + ": "
                            + (path.isEmpty() ? "the document" : "'" + path + "'")
                            + " "
                            + what);
        }
    }

    private record Cluster(String bootstrapServers, Map<String, String> properties) {}
}
