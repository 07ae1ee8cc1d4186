#pragma once
// pass^k: the chance that an agent succeeds on a task in all of k independent trials, estimated
// without bias from n >= k trials with c successes as C(c,k)/C(n,k) (the tau-bench estimator), then
// averaged over tasks.
#include <optional>
#include <utility>
#include <vector>

namespace opsgym::bench {

// C(c,k)/C(n,k); requires 0 <= c <= n and 1 <= k <= n.
double pass_hat_k(int n, int c, int k);

// Mean over tasks (each a pair {n, c}) of pass_hat_k, counting only tasks with n >= k; empty when
// no task has k trials.
std::optional<double> mean_pass_hat_k(const std::vector<std::pair<int, int>>& tasks, int k);

}  // namespace opsgym::bench
