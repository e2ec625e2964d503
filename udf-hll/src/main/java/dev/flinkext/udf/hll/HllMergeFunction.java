package dev.flinkext.udf.hll;

import dev.flinkext.udf.hll.sketch.HllSketch;

import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code estimate_merge(sketch)} / {@code hll_merge}: the union of the non-null sketches (ours or
 * Presto's), NULL if there were none. Sketches of different bucket counts are refused.
 */
public abstract class HllMergeFunction extends AggregateFunction<byte[], HllAccumulator> {

    private final String name;

    protected HllMergeFunction(String name) {
        this.name = name;
    }

    @Override
    public HllAccumulator createAccumulator() {
        return new HllAccumulator();
    }

    @Override
    public byte[] getValue(HllAccumulator acc) {
        return acc.result();
    }

    public void accumulate(HllAccumulator acc, byte[] sketch) {
        if (sketch == null) {
            return;
        }
        HllSketch incoming = HllSketch.deserialize(sketch);
        HllSketch mine = acc.sketchOrNull();
        if (mine == null) {
            // Presto's combine takes the first sketch itself, read from its bytes
            acc.sketch(() -> incoming);
        } else {
            mine.mergeWith(incoming);
        }
    }

    public void retract(HllAccumulator acc, byte[] sketch) {
        throw Retractions.refused(name);
    }

    public void merge(HllAccumulator acc, Iterable<HllAccumulator> others) {
        for (HllAccumulator other : others) {
            acc.mergeFrom(other);
        }
    }

    public void resetAccumulator(HllAccumulator acc) {
        acc.clear();
    }
}
