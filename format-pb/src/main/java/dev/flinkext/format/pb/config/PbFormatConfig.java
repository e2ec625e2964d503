package dev.flinkext.format.pb.config;

import dev.flinkext.format.pb.PbFormatOptions;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.Objects;

/** The format's settings, validated and immutable; what the runtime schemas carry. */
public final class PbFormatConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean ignoreParseErrors;
    private final boolean readDefaultValues;
    private final String writeNullStringLiteral;
    private final boolean lengthDelimited;
    private final boolean uint64AsBigint;
    private final int maxRecursionDepth;

    private PbFormatConfig(Builder b) {
        this.ignoreParseErrors = b.ignoreParseErrors;
        this.readDefaultValues = b.readDefaultValues;
        this.writeNullStringLiteral = Objects.requireNonNull(b.writeNullStringLiteral);
        this.lengthDelimited = b.lengthDelimited;
        this.uint64AsBigint = b.uint64AsBigint;
        this.maxRecursionDepth = b.maxRecursionDepth;
        if (maxRecursionDepth < 1) {
            throw new ValidationException(
                    "'pb."
                            + PbFormatOptions.MAX_RECURSION_DEPTH.key()
                            + "' must be at least 1, got "
                            + maxRecursionDepth);
        }
    }

    public static PbFormatConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings of a table's format options (already validated by the factory). */
    public static PbFormatConfig fromOptions(ReadableConfig options) {
        return builder()
                .ignoreParseErrors(options.get(PbFormatOptions.IGNORE_PARSE_ERRORS))
                .readDefaultValues(options.get(PbFormatOptions.READ_DEFAULT_VALUES))
                .writeNullStringLiteral(options.get(PbFormatOptions.WRITE_NULL_STRING_LITERAL))
                .lengthDelimited(options.get(PbFormatOptions.LENGTH_DELIMITED))
                .uint64AsBigint(options.get(PbFormatOptions.UINT64_AS_BIGINT))
                .maxRecursionDepth(options.get(PbFormatOptions.MAX_RECURSION_DEPTH))
                .build();
    }

    public boolean ignoreParseErrors() {
        return ignoreParseErrors;
    }

    public boolean readDefaultValues() {
        return readDefaultValues;
    }

    public String writeNullStringLiteral() {
        return writeNullStringLiteral;
    }

    public boolean lengthDelimited() {
        return lengthDelimited;
    }

    public boolean uint64AsBigint() {
        return uint64AsBigint;
    }

    public int maxRecursionDepth() {
        return maxRecursionDepth;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PbFormatConfig)) {
            return false;
        }
        PbFormatConfig that = (PbFormatConfig) o;
        return ignoreParseErrors == that.ignoreParseErrors
                && readDefaultValues == that.readDefaultValues
                && writeNullStringLiteral.equals(that.writeNullStringLiteral)
                && lengthDelimited == that.lengthDelimited
                && uint64AsBigint == that.uint64AsBigint
                && maxRecursionDepth == that.maxRecursionDepth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                ignoreParseErrors,
                readDefaultValues,
                writeNullStringLiteral,
                lengthDelimited,
                uint64AsBigint,
                maxRecursionDepth);
    }

    /** Starts from the options' defaults. */
    public static final class Builder {
        private boolean ignoreParseErrors = PbFormatOptions.IGNORE_PARSE_ERRORS.defaultValue();
        private boolean readDefaultValues = PbFormatOptions.READ_DEFAULT_VALUES.defaultValue();
        private String writeNullStringLiteral =
                PbFormatOptions.WRITE_NULL_STRING_LITERAL.defaultValue();
        private boolean lengthDelimited = PbFormatOptions.LENGTH_DELIMITED.defaultValue();
        private boolean uint64AsBigint = PbFormatOptions.UINT64_AS_BIGINT.defaultValue();
        private int maxRecursionDepth = PbFormatOptions.MAX_RECURSION_DEPTH.defaultValue();

        private Builder() {}

        public Builder ignoreParseErrors(boolean value) {
            this.ignoreParseErrors = value;
            return this;
        }

        public Builder readDefaultValues(boolean value) {
            this.readDefaultValues = value;
            return this;
        }

        public Builder writeNullStringLiteral(String value) {
            this.writeNullStringLiteral = value;
            return this;
        }

        public Builder lengthDelimited(boolean value) {
            this.lengthDelimited = value;
            return this;
        }

        public Builder uint64AsBigint(boolean value) {
            this.uint64AsBigint = value;
            return this;
        }

        public Builder maxRecursionDepth(int value) {
            this.maxRecursionDepth = value;
            return this;
        }

        public PbFormatConfig build() {
            return new PbFormatConfig(this);
        }
    }
}
