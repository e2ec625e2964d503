package dev.flinkext.connector.redis.source;

import dev.flinkext.testing.redis.RedisServerExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RedisGlob} matches as Redis's own {@code KEYS}/{@code SCAN MATCH} does. */
class RedisGlobTest {

    @RegisterExtension static final RedisServerExtension REDIS = RedisServerExtension.embedded();

    private static boolean matches(String pattern, String key) {
        return RedisGlob.of(pattern).matches(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wildcardsSetsRangesAndEscapes() {
        assertThat(matches("t:*", "t:1")).isTrue();
        assertThat(matches("t:*", "t:")).isTrue();
        assertThat(matches("t:*", "u:1")).isFalse();
        assertThat(matches("t:*", "t")).isFalse();
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("a*b*c", "aXXbYYc")).isTrue();
        assertThat(matches("a*b*c", "aXXbYY")).isFalse();
        assertThat(matches("h?llo", "hello")).isTrue();
        assertThat(matches("h?llo", "hllo")).isFalse();
        assertThat(matches("h[ae]llo", "hallo")).isTrue();
        assertThat(matches("h[ae]llo", "hillo")).isFalse();
        assertThat(matches("h[^e]llo", "hallo")).isTrue();
        assertThat(matches("h[^e]llo", "hello")).isFalse();
        assertThat(matches("h[a-c]llo", "hbllo")).isTrue();
        assertThat(matches("h[c-a]llo", "hbllo")).isTrue(); // either order
        assertThat(matches("h[a-c]llo", "hdllo")).isFalse();
        assertThat(matches("t\\*:*", "t*:1")).isTrue();
        assertThat(matches("t\\*:*", "tx:1")).isFalse();
        assertThat(matches("a[\\]]b", "a]b")).isTrue();
        assertThat(matches("a\\[b", "a[b")).isTrue();
        assertThat(matches("a[bc", "ab")).isTrue(); // unclosed set ends with the pattern
        assertThat(matches("ключ:*", "ключ:1")).isTrue();
        assertThat(matches("a*a*a*a*a*a*a*a*a*b", "a".repeat(60))).isFalse(); // no blow-up
    }

    /** Every pattern against every key, on the server (KEYS) and here: the same answers. */
    @Test
    void agreesWithTheServer() {
        List<byte[]> keys = new ArrayList<>();
        for (String k :
                List.of(
                        "t:1",
                        "t:",
                        "t",
                        "t:a|b",
                        "t*:x",
                        "t?:x",
                        "t[:x",
                        "t]:x",
                        "t\\:x",
                        "t^:x",
                        "hello",
                        "hallo",
                        "hxllo",
                        "h-llo",
                        "a]b",
                        "ab",
                        "abc",
                        "aXbYc",
                        "ключ:1",
                        "日本:2",
                        "t:{tag}1",
                        "-",
                        "^",
                        "zz")) {
            keys.add(k.getBytes(StandardCharsets.UTF_8));
        }
        keys.add(new byte[] {'t', ':', (byte) 0x80});
        keys.add(new byte[] {'t', ':', (byte) 0xff, 0});
        List<String> patterns =
                List.of(
                        "*",
                        "t:*",
                        "t*",
                        "t?*",
                        "t\\*:*",
                        "t\\?:*",
                        "t\\[:*",
                        "t]:*",
                        "t\\\\:*",
                        "t^:*",
                        "t[*?]:*",
                        "t[^:]*",
                        "h[a-e]llo",
                        "h[e-a]llo",
                        "h[^a-e]llo",
                        "h[-]llo",
                        "h[a-]llo",
                        "a[\\]]b",
                        "a[b",
                        "a[bc",
                        "a[",
                        "[",
                        "\\",
                        "a\\",
                        "*b*",
                        "a*c",
                        "?",
                        "??",
                        "ключ:*",
                        "日*",
                        "t:[\\x80-\\xff]*",
                        "t:?",
                        "t:??",
                        "[^a-z]*",
                        "[z-a]*",
                        "**",
                        "*:*",
                        "t:{*}*",
                        "[-]",
                        "[\\^]");
        REDIS.server().flushAll();
        try (Jedis jedis = REDIS.server().newJedis()) {
            for (byte[] key : keys) {
                jedis.set(key, new byte[] {1});
            }
            for (String pattern : patterns) {
                Set<String> server = new HashSet<>();
                for (byte[] key : jedis.keys(pattern.getBytes(StandardCharsets.UTF_8))) {
                    server.add(hex(key));
                }
                Set<String> here = new HashSet<>();
                RedisGlob glob = RedisGlob.of(pattern);
                for (byte[] key : keys) {
                    if (glob.matches(key)) {
                        here.add(hex(key));
                    }
                }
                assertThat(here).as("pattern %s", pattern).isEqualTo(server);
            }
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
