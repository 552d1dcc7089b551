package dev.berth.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, range and number formatting for the report. */
final class Stats {

  private Stats() {}

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Formats with three significant digits, which is more than these machines can resolve. */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double magnitude = Math.abs(value);
    String pattern = "%.2f";
    if (magnitude >= 100) {
      pattern = "%.0f";
    } else if (magnitude >= 10) {
      pattern = "%.1f";
    }
    return String.format(Locale.ROOT, pattern, value);
  }

  /** Formats {@code median (min–max)}, or the single value when there is one. */
  static String summary(List<Double> values) {
    if (values.isEmpty()) {
      return "–";
    }
    if (values.size() == 1) {
      return format(values.get(0));
    }
    return format(median(values)) + " (" + format(min(values)) + "–" + format(max(values)) + ")";
  }
}
