package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.FreePorts;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisProcessTest {

    @Test
    void aServerThatCannotStartFailsWithAddressAndLogTail() {
        int port = FreePorts.pick();

        assertThatThrownBy(
                        () ->
                                RedisProcess.start(
                                        "redis-broken-" + port,
                                        RedisBinary.EMBEDDED,
                                        port,
                                        List.of(),
                                        dir -> {
                                            List<String> args =
                                                    new ArrayList<>(
                                                            RedisProcess.serverArgs(port, dir));
                                            args.add("--no-such-option");
                                            args.add("yes");
                                            return args;
                                        },
                                        null))
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("no-such-option");
    }

    @Test
    void configLinesQuoteAwkwardValuesAndRefuseLineBreaks() {
        assertThat(RedisProcess.configLine("requirepass", "a\"b\\c d"))
                .isEqualTo("requirepass \"a\\\"b\\\\c d\"");
        assertThatThrownBy(() -> RedisProcess.configLine("requirepass", "a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
