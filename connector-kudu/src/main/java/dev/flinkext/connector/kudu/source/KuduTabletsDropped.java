package dev.flinkext.connector.kudu.source;

import org.apache.flink.api.connector.source.SourceEvent;

import java.util.Set;

/**
 * Sent by the enumerator of a continuous scan to every reader: these tablets (range partitions
 * dropped from the table) are gone, so a reader holding one ends its split. Kudu keeps no diff of a
 * dropped tablet, so its rows leave no changelog rows.
 *
 * @param tabletIds the dropped tablets' ids (all seen so far, so a reader restored later learns
 *     them too)
 */
public record KuduTabletsDropped(Set<String> tabletIds) implements SourceEvent {

    private static final long serialVersionUID = 1L;

    public KuduTabletsDropped {
        tabletIds = Set.copyOf(tabletIds);
    }
}
