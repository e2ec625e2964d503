package dev.flinkext.connector.kudu;

import dev.flinkext.testing.kudu.KuduCluster;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * Rows the tablet servers returned to scanners of one table, from their own {@code
 * scanner_rows_returned} metric (counted after the pushed predicates, so it shows what push-down
 * saved), summed over every tablet of the table on every tablet server.
 */
public final class KuduScanMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KuduScanMetrics() {}

    public static long rowsReturned(KuduCluster cluster, String table) throws Exception {
        List<String> servers = cluster.tabletServerWebAddresses();
        long total = 0;
        for (String server : servers) {
            JsonNode entities =
                    JSON.readTree(
                            KuduCluster.httpGet(server + "/metrics?metrics=scanner_rows_returned"));
            for (JsonNode entity : entities) {
                if (!"tablet".equals(entity.path("type").asText())
                        || !table.equals(entity.path("attributes").path("table_name").asText())) {
                    continue;
                }
                for (JsonNode metric : entity.path("metrics")) {
                    if ("scanner_rows_returned".equals(metric.path("name").asText())) {
                        total += metric.path("value").asLong();
                    }
                }
            }
        }
        return total;
    }
}
