// The JSON forms of verification results, shared by every front end and the results files.
#include "opsgym/verify.hpp"

namespace opsgym {

Json Violation::to_json() const {
  return {{"rule", rule}, {"message", message}, {"call_index", call_index}, {"enforced", enforced}};
}

Json VerifyResult::to_json() const {
  Json checks_json = Json::array();
  for (const auto& check : checks) {
    checks_json.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
  }
  Json violations_json = Json::array();
  for (const auto& v : violations) violations_json.push_back(v.to_json());
  Json unexpected_json = Json::array();
  for (const auto& change : unexpected_changes) unexpected_json.push_back(change.to_json());
  Json out = {{"success", success},
              {"partial", partial},
              {"checks", std::move(checks_json)},
              {"violations", std::move(violations_json)},
              {"unexpected_changes", std::move(unexpected_json)},
              {"diff", diff.to_json()}};
  out["verifier_fault"] = verifier_fault.empty() ? Json(nullptr) : Json(verifier_fault);
  return out;
}

}  // namespace opsgym
