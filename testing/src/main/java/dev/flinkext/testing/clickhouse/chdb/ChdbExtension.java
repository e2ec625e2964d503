package dev.flinkext.testing.clickhouse.chdb;

import dev.flinkext.testing.ServerExtension;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A modern ClickHouse (26.7, chdb) for a test class: one {@link ChdbEngine} connection with a
 * database of its own, opened before the first test and closed (its database dropped) after the
 * last. Test methods and constructors may take a {@link ChdbEngine} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ChdbExtension CHDB = new ChdbExtension();
 *
 * @Test
 * void writesDateTime64(ChdbEngine engine) {
 *     engine.execute("CREATE TABLE t (ts DateTime64(3, 'UTC')) ENGINE = Memory");
 *     engine.insertRowBinary("t", bytes);
 *     assertThat(engine.queryRows("SELECT ts FROM t")).containsExactly(List.of("..."));
 * }
 * }</pre>
 *
 * <p>The first use on a machine installs chdb from npm into {@code ~/.cache/flinkext/} (~20 s, see
 * {@link ChdbLibrary}); the engine itself starts in ~0.15 s and adds ~200–400 MB of resident memory
 * to the test JVM.
 */
public class ChdbExtension extends ServerExtension<ChdbEngine> implements ParameterResolver {

    @Override
    protected ChdbEngine startServer() {
        return ChdbEngine.open();
    }

    @Override
    protected String sharingKey() {
        return "chdb";
    }

    /** The open engine; only valid between beforeAll and afterAll. */
    public ChdbEngine engine() {
        return server();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ChdbEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
