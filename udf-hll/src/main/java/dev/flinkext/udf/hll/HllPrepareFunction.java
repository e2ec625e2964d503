package dev.flinkext.udf.hll;

import dev.flinkext.udf.hll.sketch.HllSketch;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * {@code estimate_prepare(x [, max_standard_error])} / {@code approx_set}: the sketch of the
 * non-null values, hashed as Presto's {@code approx_set} hashes their type; NULL if there were
 * none. The hints list BIGINT before DOUBLE so that INT/SMALLINT/TINYINT widen to BIGINT (hashed as
 * Presto hashes integers) and FLOAT to DOUBLE.
 */
public abstract class HllPrepareFunction extends AggregateFunction<byte[], HllAccumulator> {

    private final String name;

    protected HllPrepareFunction(String name) {
        this.name = name;
    }

    /**
     * The inference extracted from the hints, with value types checked when the query is planned.
     */
    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        TypeInference extracted = super.getTypeInference(typeFactory);
        TypeInference.Builder builder =
                TypeInference.newBuilder()
                        .inputTypeStrategy(
                                new PrestoInputTypeStrategy(extracted.getInputTypeStrategy()))
                        .stateTypeStrategies(extracted.getStateTypeStrategies())
                        .outputTypeStrategy(extracted.getOutputTypeStrategy())
                        .disableSystemArguments(extracted.disableSystemArguments());
        extracted.getStaticArguments().ifPresent(builder::staticArguments);
        return builder.build();
    }

    @Override
    public HllAccumulator createAccumulator() {
        return new HllAccumulator();
    }

    @Override
    public byte[] getValue(HllAccumulator acc) {
        return acc.result();
    }

    public void accumulate(
            HllAccumulator acc, @DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
        if (value != null) {
            PrestoInput.add(acc.sketch(HllSketch::create), value, name);
        }
    }

    public void accumulate(
            HllAccumulator acc,
            @DataTypeHint(inputGroup = InputGroup.ANY) Object value,
            Double maxStandardError) {
        if (value != null) {
            PrestoInput.add(acc.sketch(() -> withError(maxStandardError)), value, name);
        }
    }

    public void retract(
            HllAccumulator acc, @DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
        throw Retractions.refused(name);
    }

    public void retract(
            HllAccumulator acc,
            @DataTypeHint(inputGroup = InputGroup.ANY) Object value,
            Double maxStandardError) {
        throw Retractions.refused(name);
    }

    /** Partial sketches (two-phase aggregation, session windows) are merged, as Presto combines. */
    public void merge(HllAccumulator acc, Iterable<HllAccumulator> others) {
        for (HllAccumulator other : others) {
            acc.mergeFrom(other);
        }
    }

    public void resetAccumulator(HllAccumulator acc) {
        acc.clear();
    }

    private static HllSketch withError(Double maxStandardError) {
        if (maxStandardError == null) {
            throw new IllegalArgumentException("max_standard_error must not be NULL");
        }
        return HllSketch.withMaxStandardError(maxStandardError);
    }
}
