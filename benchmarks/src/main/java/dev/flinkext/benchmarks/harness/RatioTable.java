package dev.flinkext.benchmarks.harness;

import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pairs JMH results by naming convention and reports ours/reference ratios.
 *
 * <p>A benchmark method named {@code ours_<case>} is paired with {@code reference_<case>} of the
 * same class and the same JMH parameters. Results without a partner are listed as unpaired so a
 * typo does not hide a comparison.
 */
public final class RatioTable {

    static final String OURS = "ours_";
    static final String REFERENCE = "reference_";

    private final List<BenchmarkPair> pairs;
    private final List<String> unpaired;

    private RatioTable(List<BenchmarkPair> pairs, List<String> unpaired) {
        this.pairs = pairs;
        this.unpaired = unpaired;
    }

    /** A measured score, reduced to what pairing needs (keeps this class testable without JMH). */
    public record Score(
            String benchmark, Map<String, String> params, double score, String unit, String mode) {}

    public static RatioTable fromRunResults(Collection<RunResult> results) {
        List<Score> scores = new ArrayList<>();
        for (RunResult result : results) {
            var params = result.getParams();
            Map<String, String> values = new TreeMap<>();
            for (String key : params.getParamsKeys()) {
                values.put(key, params.getParam(key));
            }
            scores.add(
                    new Score(
                            params.getBenchmark(),
                            values,
                            result.getPrimaryResult().getScore(),
                            result.getPrimaryResult().getScoreUnit(),
                            params.getMode().shortLabel()));
        }
        return fromScores(scores);
    }

    public static RatioTable fromScores(List<Score> scores) {
        Map<String, Score> ours = new LinkedHashMap<>();
        Map<String, Score> reference = new LinkedHashMap<>();
        List<String> unpaired = new ArrayList<>();
        for (Score score : scores) {
            int dot = score.benchmark().lastIndexOf('.');
            String owner = score.benchmark().substring(0, dot);
            String method = score.benchmark().substring(dot + 1);
            String simpleOwner = owner.substring(owner.lastIndexOf('.') + 1);
            String suffix = score.params().isEmpty() ? "" : " " + score.params();
            if (method.startsWith(OURS)) {
                ours.put(
                        simpleOwner
                                + "."
                                + method.substring(OURS.length())
                                + suffix
                                + "|"
                                + score.mode(),
                        score);
            } else if (method.startsWith(REFERENCE)) {
                reference.put(
                        simpleOwner
                                + "."
                                + method.substring(REFERENCE.length())
                                + suffix
                                + "|"
                                + score.mode(),
                        score);
            } else {
                unpaired.add(simpleOwner + "." + method + suffix);
            }
        }
        List<BenchmarkPair> pairs = new ArrayList<>();
        for (Map.Entry<String, Score> entry : ours.entrySet()) {
            Score theirs = reference.remove(entry.getKey());
            String name = entry.getKey().substring(0, entry.getKey().lastIndexOf('|'));
            if (theirs == null) {
                unpaired.add(name + " (no reference_ partner)");
                continue;
            }
            Score mine = entry.getValue();
            boolean throughput = mine.mode().equals("thrpt");
            pairs.add(
                    new BenchmarkPair(name, mine.score(), theirs.score(), mine.unit(), throughput));
        }
        for (String key : reference.keySet()) {
            unpaired.add(key.substring(0, key.lastIndexOf('|')) + " (no ours_ partner)");
        }
        return new RatioTable(pairs, unpaired);
    }

    public List<BenchmarkPair> pairs() {
        return pairs;
    }

    public List<String> unpaired() {
        return unpaired;
    }

    /** A plain-text table: case, both scores, and the ratio (ours vs reference, >1 = ours wins). */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-60s %14s %14s %-10s %8s%n",
                        "case",
                        "ours",
                        "reference",
                        "unit",
                        "ratio"));
        for (BenchmarkPair pair : pairs) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-60s %14.3f %14.3f %-10s %7.2fx%n",
                            pair.name(),
                            pair.ours(),
                            pair.reference(),
                            pair.unit(),
                            pair.ratio()));
        }
        for (String name : unpaired) {
            out.append("unpaired: ").append(name).append('\n');
        }
        return out.toString();
    }
}
