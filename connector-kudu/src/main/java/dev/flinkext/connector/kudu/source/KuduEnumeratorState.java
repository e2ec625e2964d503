package dev.flinkext.connector.kudu.source;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Set;

/**
 * What the enumerator checkpoints: the splits not handed out yet and, for a continuous scan, every
 * tablet it ever planned (handed out or not) and those of them seen dropped since. A restore then
 * neither plans a known tablet again from its start nor misses one added meanwhile.
 *
 * @param remaining splits not handed out yet
 * @param known ids of every tablet planned so far; null in state written before discovery existed
 *     (then the first discovery takes the tablets it finds as known)
 * @param dropped ids of known tablets that the masters no longer list
 */
public record KuduEnumeratorState(
        List<KuduSourceSplit> remaining, @Nullable Set<String> known, Set<String> dropped) {

    public KuduEnumeratorState {
        remaining = List.copyOf(remaining);
        known = known == null ? null : Set.copyOf(known);
        dropped = Set.copyOf(dropped);
    }
}
