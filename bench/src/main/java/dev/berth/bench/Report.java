package dev.berth.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats the rows as one Markdown table. */
final class Report {

  private Report() {}

  static String table(List<Row> rows, int pairs) {
    StringBuilder out = new StringBuilder();
    out.append("| workload | unit | Berth | Distribution | reference | Berth ÷ compared, per pair | median ratio | target | met |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      String reference =
          row.series.entrySet().stream()
              .filter(e -> !e.getKey().equals(BenchRun.BERTH) && !e.getKey().equals(BenchRun.DISTRIBUTION))
              .map(Report::describe)
              .collect(Collectors.joining("; "));
      List<Double> ratios = row.ratios();
      String perPair =
          ratios.stream().map(Stats::format).collect(Collectors.joining(" "));
      String ratioLabel = ratios.isEmpty() ? "" : Stats.format(Stats.median(ratios)) + "× " + row.comparedWith;
      String met = row.goalKind == Row.GoalKind.NONE ? "" : row.met() ? "yes" : "**no**";
      out.append("| ")
          .append(row.workload)
          .append(" | ")
          .append(row.unit)
          .append(" | ")
          .append(Stats.summary(row.values(BenchRun.BERTH)))
          .append(" | ")
          .append(Stats.summary(row.values(BenchRun.DISTRIBUTION)))
          .append(" | ")
          .append(reference)
          .append(" | ")
          .append(perPair)
          .append(" | ")
          .append(ratioLabel)
          .append(" | ")
          .append(row.goalText())
          .append(" | ")
          .append(met)
          .append(" |\n");
    }
    out.append("\nValues are the median (min–max) of ").append(pairs).append(" pairs after one warm-up pair.\n");
    return out.toString();
  }

  private static String describe(Map.Entry<String, List<Double>> series) {
    return series.getKey() + " " + Stats.summary(series.getValue());
  }
}
