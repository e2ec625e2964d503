package dev.flinkext.testing.clickhouse.chdb;

/** A statement chdb refused: the message holds chdb's own error text and the statement. */
public final class ChdbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String chdbMessage;

    ChdbException(String chdbMessage, String sql) {
        super("chdb: " + chdbMessage.strip() + "\n  in: " + abbreviate(sql));
        this.chdbMessage = chdbMessage;
    }

    /**
     * The error text as chdb gave it, e.g. {@code Code: 47. DB::Exception: Unknown identifier ...}.
     */
    public String chdbMessage() {
        return chdbMessage;
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 500 ? sql : sql.substring(0, 500) + "...";
    }
}
