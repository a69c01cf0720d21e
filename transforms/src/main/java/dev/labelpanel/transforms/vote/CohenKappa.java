package dev.labelpanel.transforms.vote;

import dev.labelpanel.transforms.Arguments;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cohen's kappa between two raters labelling the same items: {@code (po - pe) / (1 - pe)}, where {@code po} is the
 * observed agreement and {@code pe} the agreement expected by chance from each rater's label frequencies. Pairs where
 * either label is null (a no-vote) are skipped. When both raters give one and the same label throughout
 * ({@code pe = 1}), kappa is defined as 1. With no usable pairs, kappa is NaN.
 */
public record CohenKappa(double kappa, double observedAgreement, double expectedAgreement, int pairs) {

  public static CohenKappa between(List<String> rater1, List<String> rater2) {
    Arguments.check(
        rater1.size() == rater2.size(),
        "both raters must label the same items but one has %d labels and the other %d",
        rater1.size(),
        rater2.size());
    Map<String, Integer> counts1 = new HashMap<>();
    Map<String, Integer> counts2 = new HashMap<>();
    int pairs = 0;
    int agreed = 0;
    for (int i = 0; i < rater1.size(); i++) {
      String a = rater1.get(i);
      String b = rater2.get(i);
      if (a == null || b == null) {
        continue;
      }
      pairs++;
      agreed += a.equals(b) ? 1 : 0;
      counts1.merge(a, 1, Integer::sum);
      counts2.merge(b, 1, Integer::sum);
    }
    if (pairs == 0) {
      return new CohenKappa(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    Set<String> labels = new HashSet<>(counts1.keySet());
    labels.addAll(counts2.keySet());
    double expected = 0;
    for (String label : labels) {
      expected += (double) counts1.getOrDefault(label, 0) * counts2.getOrDefault(label, 0) / ((double) pairs * pairs);
    }
    double observed = (double) agreed / pairs;
    double kappa = expected >= 1.0 ? 1.0 : (observed - expected) / (1.0 - expected);
    return new CohenKappa(kappa, observed, expected, pairs);
  }

  /** Just the kappa value of {@link #between}. */
  public static double of(List<String> rater1, List<String> rater2) {
    return between(rater1, rater2).kappa();
  }
}
