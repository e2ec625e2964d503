package dev.flinkext.udf.hll.sketch;

/** Bytes that are not a HyperLogLog sketch in airlift's sparse v2, dense v1 or dense v2 format. */
public class MalformedSketchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedSketchException(String message) {
        super("Malformed HyperLogLog sketch: " + message);
    }
}
