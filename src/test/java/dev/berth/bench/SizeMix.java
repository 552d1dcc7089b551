package dev.berth.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Blob sizes with the share of requests that use each, such as 20% 1 MiB, 70% 10 MiB and 10% 100
 * MiB. A mix of one size always picks it.
 *
 * @param sizes the sizes in bytes
 * @param weights one positive weight per size; they need not add up to 1
 */
record SizeMix(List<Long> sizes, List<Double> weights) {

  SizeMix {
    sizes = List.copyOf(sizes);
    weights = List.copyOf(weights);
    if (sizes.isEmpty() || sizes.size() != weights.size()) {
      throw new IllegalArgumentException(
          "a size mix needs one weight per size, got " + sizes + " and " + weights);
    }
    for (double weight : weights) {
      if (!(weight > 0)) {
        throw new IllegalArgumentException("size weights must be > 0, got " + weights);
      }
    }
  }

  static SizeMix of(long size) {
    return new SizeMix(List.of(size), List.of(1.0));
  }

  boolean isSingle() {
    return sizes.size() == 1;
  }

  /** Picks a size with the probability of its weight. */
  long pick(SplittableRandom random) {
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    double point = random.nextDouble() * total;
    for (int i = 0; i < sizes.size() - 1; i++) {
      point -= weights.get(i);
      if (point < 0) {
        return sizes.get(i);
      }
    }
    return sizes.getLast();
  }
}
