package dev.flinkext.udf.hll;

import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.ArgumentCount;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.table.types.inference.InputTypeStrategy;
import org.apache.flink.table.types.inference.Signature;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses, when the query is planned, a value type that Presto's {@code approx_set} cannot hash
 * (the function itself takes ANY so that each type keeps its own Presto hashing).
 */
final class PrestoInputTypeStrategy implements InputTypeStrategy {

    private static final Set<LogicalTypeRoot> ACCEPTED =
            EnumSet.of(
                    LogicalTypeRoot.BIGINT,
                    LogicalTypeRoot.INTEGER,
                    LogicalTypeRoot.SMALLINT,
                    LogicalTypeRoot.TINYINT,
                    LogicalTypeRoot.DOUBLE,
                    LogicalTypeRoot.FLOAT,
                    LogicalTypeRoot.CHAR,
                    LogicalTypeRoot.VARCHAR,
                    LogicalTypeRoot.BINARY,
                    LogicalTypeRoot.VARBINARY,
                    LogicalTypeRoot.NULL);

    private final InputTypeStrategy extracted;

    PrestoInputTypeStrategy(InputTypeStrategy extracted) {
        this.extracted = extracted;
    }

    @Override
    public ArgumentCount getArgumentCount() {
        return extracted.getArgumentCount();
    }

    @Override
    public Optional<List<DataType>> inferInputTypes(
            CallContext callContext, boolean throwOnFailure) {
        List<DataType> arguments = callContext.getArgumentDataTypes();
        if (!arguments.isEmpty()) {
            LogicalTypeRoot root = arguments.get(0).getLogicalType().getTypeRoot();
            if (!ACCEPTED.contains(root)) {
                return callContext.fail(
                        throwOnFailure,
                        "%s accepts BIGINT (INT, SMALLINT, TINYINT), DOUBLE (FLOAT), STRING and"
                                + " BYTES, as Presto's approx_set; got %s. Cast the argument to"
                                + " one of those types.",
                        callContext.getName(),
                        arguments.get(0));
            }
        }
        return extracted.inferInputTypes(callContext, throwOnFailure);
    }

    @Override
    public List<Signature> getExpectedSignatures(FunctionDefinition definition) {
        return extracted.getExpectedSignatures(definition);
    }
}
