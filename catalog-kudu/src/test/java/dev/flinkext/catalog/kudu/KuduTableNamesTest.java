package dev.flinkext.catalog.kudu;

import org.apache.flink.table.catalog.ObjectPath;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KuduTableNamesTest {

    private final KuduTableNames names = new KuduTableNames("default");

    @Test
    void kuduNamesToPaths() {
        assertThat(names.pathOf("t")).isEqualTo(new ObjectPath("default", "t"));
        assertThat(names.pathOf("db.t")).isEqualTo(new ObjectPath("db", "t"));
        assertThat(names.pathOf("db.t.x")).isEqualTo(new ObjectPath("db", "t.x"));
        assertThat(names.pathOf("impala::db.t")).isEqualTo(new ObjectPath("db", "t"));
        assertThat(names.pathOf("impala::t")).isEqualTo(new ObjectPath("default", "t"));
        assertThat(names.pathOf(".t")).isEqualTo(new ObjectPath("default", ".t"));
        assertThat(names.pathOf("t.")).isEqualTo(new ObjectPath("default", "t."));
        assertThat(names.pathOf("default.t")).isEqualTo(new ObjectPath("default", "t"));
    }

    @Test
    void candidatesMapBackToThePath() {
        assertThat(names.candidates(new ObjectPath("db", "t")))
                .containsExactly("db.t", "impala::db.t");
        assertThat(names.candidates(new ObjectPath("default", "t")))
                .containsExactly("t", "default.t", "impala::default.t", "impala::t");
        assertThat(names.candidates(new ObjectPath("default", "a.b")))
                .containsExactly("default.a.b", "impala::default.a.b");
        for (ObjectPath path :
                new ObjectPath[] {
                    new ObjectPath("db", "t"),
                    new ObjectPath("default", "t"),
                    new ObjectPath("default", "a.b")
                }) {
            for (String name : names.candidates(path)) {
                assertThat(names.pathOf(name)).isEqualTo(path);
            }
        }
    }

    @Test
    void namesForCreateAndRename() {
        assertThat(names.nameForCreate(new ObjectPath("default", "t"), false)).isEqualTo("t");
        assertThat(names.nameForCreate(new ObjectPath("db", "t"), false)).isEqualTo("db.t");
        assertThat(names.nameForCreate(new ObjectPath("db", "t"), true)).isEqualTo("impala::db.t");
        assertThat(names.nameForCreate(new ObjectPath("default", "a.b"), false))
                .isEqualTo("default.a.b");
        assertThatThrownBy(() -> names.nameForCreate(new ObjectPath("a.b", "t"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a.b'");
        assertThat(names.renamed("impala::db.t", new ObjectPath("db", "t"), "u"))
                .isEqualTo("impala::db.u");
        assertThat(names.renamed("db.t", new ObjectPath("db", "t"), "u")).isEqualTo("db.u");
    }
}
