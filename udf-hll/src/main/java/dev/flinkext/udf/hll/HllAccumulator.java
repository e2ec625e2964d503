package dev.flinkext.udf.hll;

import dev.flinkext.udf.hll.sketch.HllSketch;

/**
 * The accumulator of the HLL aggregates: a structured type of two properties (the serialized
 * sketch, NULL while nothing was added, and airlift's sparse capacity), so Flink stores it as a
 * row, never with Kryo. The live sketch is kept between calls and only serialized when Flink reads
 * the properties (state write, partial output), and the capacity makes the sketch read back from
 * state turn dense at the same step as airlift's in-memory one.
 */
public class HllAccumulator {

    private byte[] sketch;
    private int capacity;

    /** The deserialized sketch, if in use; then {@link #sketch} may be stale. */
    private transient HllSketch live;

    public HllAccumulator() {}

    public byte[] getSketch() {
        if (live != null) {
            sketch = live.serialize();
            capacity = live.sparseCapacity();
        }
        return sketch;
    }

    public void setSketch(byte[] sketch) {
        this.sketch = sketch;
        this.live = null;
    }

    public int getCapacity() {
        if (live != null) {
            capacity = live.sparseCapacity();
        }
        return capacity;
    }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
        this.live = null;
    }

    /** The sketch, or null if nothing was added yet. */
    HllSketch sketchOrNull() {
        if (live == null && sketch != null) {
            live = HllSketch.deserialize(sketch, capacity);
        }
        return live;
    }

    /** The sketch, created by {@code empty} on first use. */
    HllSketch sketch(java.util.function.Supplier<HllSketch> empty) {
        HllSketch current = sketchOrNull();
        if (current == null) {
            live = empty.get();
            current = live;
        }
        return current;
    }

    /** Merges another accumulator in: taken as is while this one is empty, as Presto's combine. */
    void mergeFrom(HllAccumulator other) {
        HllSketch theirs = other.sketchOrNull();
        if (theirs == null) {
            return;
        }
        HllSketch mine = sketchOrNull();
        if (mine == null) {
            live = theirs.copy();
        } else {
            mine.mergeWith(theirs);
        }
    }

    /** The serialized sketch, NULL if nothing was added. */
    byte[] result() {
        HllSketch current = sketchOrNull();
        return current == null ? null : current.serialize();
    }

    void clear() {
        sketch = null;
        capacity = 0;
        live = null;
    }
}
