package dev.berth.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the result table: a metric measured once per pair on each server (and on a physical
 * reference where there is one), compared pair by pair with one of them against a goal.
 */
final class Row {

  /** What a row promises: Berth ÷ the compared series at least {@code value}, or Berth at most. */
  enum GoalKind {
    RATIO_AT_LEAST,
    BERTH_AT_MOST,
    NONE
  }

  final String workload;
  final String unit;
  final String comparedWith;
  final GoalKind goalKind;
  final double goal;
  final Map<String, List<Double>> series = new LinkedHashMap<>();

  Row(String workload, String unit, String comparedWith, GoalKind goalKind, double goal) {
    this.workload = workload;
    this.unit = unit;
    this.comparedWith = comparedWith;
    this.goalKind = goalKind;
    this.goal = goal;
  }

  void add(String seriesName, double value) {
    series.computeIfAbsent(seriesName, ignored -> new ArrayList<>()).add(value);
  }

  List<Double> values(String seriesName) {
    return series.getOrDefault(seriesName, List.of());
  }

  /** Berth's value divided by the compared series' value, pair by pair. */
  List<Double> ratios() {
    List<Double> berth = values(BenchRun.BERTH);
    List<Double> other = values(comparedWith);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(berth.size(), other.size()); i++) {
      ratios.add(berth.get(i) / other.get(i));
    }
    return ratios;
  }

  /** Returns whether the median meets the goal; true for rows without one. */
  boolean met() {
    return switch (goalKind) {
      case RATIO_AT_LEAST -> Stats.median(ratios()) >= goal;
      case BERTH_AT_MOST -> Stats.median(values(BenchRun.BERTH)) <= goal;
      case NONE -> true;
    };
  }

  String goalText() {
    return switch (goalKind) {
      case RATIO_AT_LEAST -> "≥ " + Stats.format(goal) + "× " + comparedWith;
      case BERTH_AT_MOST -> "≤ " + Stats.format(goal) + " " + unit;
      case NONE -> "";
    };
  }
}
