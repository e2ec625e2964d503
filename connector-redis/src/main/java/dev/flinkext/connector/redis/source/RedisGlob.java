package dev.flinkext.connector.redis.source;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * A Redis glob-style pattern ({@code SCAN MATCH}, {@code KEYS}) matched client-side, byte for byte
 * as Redis's own {@code stringmatchlen} does (case-sensitive): {@code *} any run of bytes, {@code
 * ?} one byte, {@code [abc]} one of a set, {@code [^a]} one not in it, {@code [a-z]} a range
 * (either order), {@code \x} the byte {@code x} itself (also inside brackets). An unclosed {@code
 * [} ends the set at the pattern's end. The pattern is the UTF-8 of its text, as Jedis sends it.
 *
 * <p>Like SCAN, the pattern {@code *} alone matches every key, even the empty one.
 */
public final class RedisGlob implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String text;
    private final byte[] pattern;

    private RedisGlob(String text) {
        this.text = text;
        this.pattern = text.getBytes(StandardCharsets.UTF_8);
    }

    public static RedisGlob of(String pattern) {
        return new RedisGlob(pattern);
    }

    /** Whether {@code key} matches, as {@code SCAN MATCH} would tell. */
    public boolean matches(byte[] key) {
        if (pattern.length == 1 && pattern[0] == '*') {
            return true; // SCAN and KEYS skip matching for '*'
        }
        return match(0, key, 0, new boolean[1]);
    }

    /** {@code stringmatchlen} of Redis's util.c, with its early exit for failed '*' suffixes. */
    private boolean match(int p, byte[] s, int i, boolean[] skipLongerMatches) {
        int pEnd = pattern.length;
        int sEnd = s.length;
        while (p < pEnd && i < sEnd) {
            switch (pattern[p]) {
                case '*' -> {
                    while (p + 1 < pEnd && pattern[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pEnd) {
                        return true;
                    }
                    while (i < sEnd) {
                        if (match(p + 1, s, i, skipLongerMatches)) {
                            return true;
                        }
                        if (skipLongerMatches[0]) {
                            return false;
                        }
                        i++;
                    }
                    // the rest matches nowhere in the rest of the key: an earlier '*' matching
                    // more would not help either
                    skipLongerMatches[0] = true;
                    return false;
                }
                case '?' -> i++;
                case '[' -> {
                    p++;
                    boolean not = p < pEnd && pattern[p] == '^';
                    if (not) {
                        p++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (p < pEnd && pattern[p] == '\\' && pEnd - p >= 2) {
                            p++;
                            if (pattern[p] == s[i]) {
                                matched = true;
                            }
                        } else if (p < pEnd && pattern[p] == ']') {
                            break;
                        } else if (p >= pEnd) {
                            p--; // unclosed: the set ends with the pattern
                            break;
                        } else if (pEnd - p >= 3 && pattern[p + 1] == '-') {
                            int start = pattern[p];
                            int end = pattern[p + 2];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            p += 2;
                            // Redis compares (signed) chars; Java bytes are signed too
                            if (s[i] >= start && s[i] <= end) {
                                matched = true;
                            }
                        } else if (pattern[p] == s[i]) {
                            matched = true;
                        }
                        p++;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    i++;
                }
                default -> {
                    if (pattern[p] == '\\' && pEnd - p >= 2) {
                        p++;
                    }
                    if (pattern[p] != s[i]) {
                        return false;
                    }
                    i++;
                }
            }
            p++;
            if (i == sEnd) {
                while (p < pEnd && pattern[p] == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pEnd && i == sEnd;
    }

    @Override
    public String toString() {
        return text;
    }
}
