#include <catch2/catch.hpp>

#include "bench/pass_k.hpp"

using namespace opsgym::bench;

TEST_CASE("pass^k is C(c,k)/C(n,k)") {
  CHECK(pass_hat_k(4, 4, 4) == 1.0);
  CHECK(pass_hat_k(4, 0, 1) == 0.0);
  CHECK(pass_hat_k(4, 2, 1) == Approx(0.5));
  CHECK(pass_hat_k(4, 2, 2) == Approx(1.0 / 6.0));  // C(2,2)/C(4,2)
  CHECK(pass_hat_k(5, 3, 2) == Approx(3.0 / 10.0));  // C(3,2)/C(5,2)
  CHECK(pass_hat_k(4, 3, 4) == 0.0);                  // one failure among 4 means never 4 in a row
}

TEST_CASE("pass^k is not defined with fewer trials than k") {
  CHECK_THROWS_AS(pass_hat_k(2, 1, 3), std::invalid_argument);
  CHECK_THROWS_AS(pass_hat_k(2, 3, 1), std::invalid_argument);
  CHECK_THROWS_AS(pass_hat_k(2, 1, 0), std::invalid_argument);
}

TEST_CASE("pass^k over tasks is the mean over tasks with enough trials") {
  // Task A: 4/4, task B: 2/4, task C: 1 trial only.
  std::vector<std::pair<int, int>> tasks = {{4, 4}, {4, 2}, {1, 1}};
  CHECK(*mean_pass_hat_k(tasks, 1) == Approx((1.0 + 0.5 + 1.0) / 3));
  CHECK(*mean_pass_hat_k(tasks, 2) == Approx((1.0 + 1.0 / 6.0) / 2));
  CHECK_FALSE(mean_pass_hat_k(tasks, 5).has_value());
}

TEST_CASE("pass^k never increases with k") {
  for (int c = 0; c <= 8; ++c)
    for (int k = 1; k < 8; ++k) CHECK(pass_hat_k(8, c, k + 1) <= pass_hat_k(8, c, k));
}
