package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.testing.kudu.KuduClusterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scans the tablet servers started, as they count them: the {@code scans_started} metric of
 * every tablet, summed over every tablet server's {@code /metrics} page (servers found through the
 * master's {@code /dump-entities}). On a table of one tablet, one scan the connector starts is
 * exactly one more.
 */
final class TabletServerScans {

    private static final Pattern HTTP_ADDRS =
            Pattern.compile("\"http_addrs\"\\s*:\\s*\\[\"([^\"]+)\"");
    private static final Pattern SCANS_STARTED =
            Pattern.compile("\"name\"\\s*:\\s*\"scans_started\"\\s*,\\s*\"value\"\\s*:\\s*(\\d+)");

    private final List<String> tabletServers;

    private TabletServerScans(List<String> tabletServers) {
        this.tabletServers = tabletServers;
    }

    static TabletServerScans of(KuduClusterExtension kudu) throws IOException {
        String master =
                kudu.server().miniCluster().getMasterWebServerAddressesAsString().split(",")[0];
        String entities = get("http://" + master + "/dump-entities");
        int servers = entities.indexOf("\"tablet_servers\"");
        Matcher http = HTTP_ADDRS.matcher(entities.substring(servers));
        List<String> found = new ArrayList<>();
        while (http.find()) {
            found.add(http.group(1));
        }
        if (found.size() != kudu.server().tabletServers().size()) {
            throw new IllegalStateException("Tablet servers " + found + " in " + entities);
        }
        return new TabletServerScans(found);
    }

    /** Scans started so far, over all tablets of all tablet servers. */
    long started() throws IOException {
        long total = 0;
        for (String server : tabletServers) {
            Matcher m = SCANS_STARTED.matcher(get(server + "/metrics?metrics=scans_started"));
            while (m.find()) {
                total += Long.parseLong(m.group(1));
            }
        }
        return total;
    }

    private static String get(String url) throws IOException {
        try (InputStream in = URI.create(url).toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
