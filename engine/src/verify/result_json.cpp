// The JSON forms of verification results, shared by every front end and the results files.
#include "opsgym/verify.hpp"

namespace opsgym {

const char* to_string(CheckKind kind) { return kind == CheckKind::engine ? "engine" : "script"; }

const char* to_string(RewardMode mode) { return mode == RewardMode::shaped ? "shaped" : "success"; }

std::optional<RewardMode> reward_mode_named(std::string_view name) {
  if (name == "success") return RewardMode::success;
  if (name == "shaped") return RewardMode::shaped;
  return std::nullopt;
}

Json Violation::to_json() const {
  return {{"rule", rule}, {"message", message}, {"call_index", call_index}, {"enforced", enforced}};
}

Json VerifyResult::to_json() const {
  Json checks_json = Json::array();
  for (const auto& check : checks) {
    checks_json.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail},
                           {"kind", to_string(check.kind)}});
  }
  Json judged_json = Json::array();
  for (const auto& j : judged) {
    judged_json.push_back({{"name", j.name},
                           {"rubric", j.rubric},
                           {"text", j.text},
                           {"verdict", j.verdict ? Json(*j.verdict) : Json(nullptr)},
                           {"reason", j.reason}});
  }
  Json violations_json = Json::array();
  for (const auto& v : violations) violations_json.push_back(v.to_json());
  Json unexpected_json = Json::array();
  for (const auto& change : unexpected_changes) unexpected_json.push_back(change.to_json());
  Json out = {{"success", success},
              {"partial", partial},
              {"reward", reward},
              {"checks", std::move(checks_json)},
              {"judged", std::move(judged_json)},
              {"violations", std::move(violations_json)},
              {"unexpected_changes", std::move(unexpected_json)},
              {"diff", diff.to_json()}};
  out["verifier_fault"] = verifier_fault.empty() ? Json(nullptr) : Json(verifier_fault);
  return out;
}

}  // namespace opsgym
