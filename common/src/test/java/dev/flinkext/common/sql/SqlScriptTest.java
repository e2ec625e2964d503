package dev.flinkext.common.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {

    @Test
    void splitsAtStatementEndsOnly() {
        String script =
                "-- header comment; not a statement\n"
                        + "CREATE TABLE t (a STRING) WITH ('k' = 'a;b', 'q' = 'it''s;');\n"
                        + "/* block; comment */ INSERT INTO \"we;ird\" SELECT `x;y` FROM t; -- tail;\n"
                        + "SELECT 1\n";

        assertThat(SqlScript.split(script))
                .containsExactly(
                        "-- header comment; not a statement\n"
                                + "CREATE TABLE t (a STRING) WITH ('k' = 'a;b', 'q' = 'it''s;')",
                        "/* block; comment */ INSERT INTO \"we;ird\" SELECT `x;y` FROM t",
                        "-- tail;\nSELECT 1");
    }

    @Test
    void dropsEmptyAndCommentOnlyParts() {
        assertThat(SqlScript.split(" ; ;\n-- only a comment\n;  ")).isEmpty();
    }

    @Test
    void keepsAStatementSetTogether() {
        String script =
                "EXECUTE STATEMENT SET BEGIN\n"
                        + "INSERT INTO a SELECT 1;\n"
                        + "INSERT INTO b SELECT 2;\n"
                        + "END;\n"
                        + "DROP TABLE a;";

        assertThat(SqlScript.split(script))
                .containsExactly(
                        "EXECUTE STATEMENT SET BEGIN\n"
                                + "INSERT INTO a SELECT 1;\n"
                                + "INSERT INTO b SELECT 2;\n"
                                + "END",
                        "DROP TABLE a");
    }
}
