#include "bench/pass_k.hpp"

#include <stdexcept>
#include <string>

namespace opsgym::bench {

double pass_hat_k(int n, int c, int k) {
  if (k < 1 || n < k || c < 0 || c > n)
    throw std::invalid_argument("pass^k needs 1 <= k <= n and 0 <= c <= n (n=" + std::to_string(n) +
                                ", c=" + std::to_string(c) + ", k=" + std::to_string(k) + ")");
  // C(c,k)/C(n,k) = prod_{i<k} (c-i)/(n-i): a product of ratios stays exact-ish and never overflows.
  double p = 1.0;
  for (int i = 0; i < k; ++i) {
    if (c - i <= 0) return 0.0;
    p *= static_cast<double>(c - i) / static_cast<double>(n - i);
  }
  return p;
}

std::optional<double> mean_pass_hat_k(const std::vector<std::pair<int, int>>& tasks, int k) {
  double sum = 0;
  int counted = 0;
  for (const auto& [n, c] : tasks) {
    if (n < k) continue;
    sum += pass_hat_k(n, c, k);
    ++counted;
  }
  if (counted == 0) return std::nullopt;
  return sum / counted;
}

}  // namespace opsgym::bench
