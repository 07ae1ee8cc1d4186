#include "bench/report.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace opsgym::bench {
namespace {

std::string percent(const std::optional<double>& v) {
  if (!v) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", *v * 100.0);
  return b;
}

std::string number(const std::optional<double>& v, int decimals = 2) {
  if (!v) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", decimals, *v);
  return b;
}

std::string money(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "$%.4f", v);
  return b;
}

std::string seconds(const std::optional<double>& ms) {
  if (!ms) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.2fs", *ms / 1000.0);
  return b;
}

// A plain text table: first column left-aligned, the others right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render() const {
    std::vector<size_t> width(rows_[0].size(), 0);
    for (const auto& row : rows_)
      for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
    std::string out;
    for (size_t r = 0; r < rows_.size(); ++r) {
      std::string line;
      for (size_t i = 0; i < rows_[r].size(); ++i) {
        const std::string& cell = rows_[r][i];
        std::string pad(width[i] - cell.size(), ' ');
        line += i == 0 ? cell + pad : "  " + pad + cell;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
      if (r == 0) out += std::string(line.size(), '-') + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::vector<std::string> metrics_header(int k) {
  std::vector<std::string> h = {"", "eps", "scored", "success"};
  for (int i = 1; i <= k; ++i) h.push_back("pass^" + std::to_string(i));
  for (const char* c : {"partial", "viol/ep", "unexp/ep", "refuse ok", "refuse wrong", "steps", "tool err/ep",
                        "tok in", "tok out", "cost", "time/ep", "infra", "engine", "verif fault"})
    h.push_back(c);
  return h;
}

std::vector<std::string> metrics_row(const std::string& name, const Metrics& m, int k) {
  std::vector<std::string> r = {name, std::to_string(m.episodes), std::to_string(m.scored), percent(m.success_rate)};
  for (int i = 0; i < k; ++i) r.push_back(i < static_cast<int>(m.pass_k.size()) ? percent(m.pass_k[i]) : "-");
  r.push_back(number(m.mean_partial));
  r.push_back(number(m.violations_per_episode));
  r.push_back(number(m.unexpected_changes_per_episode));
  r.push_back(percent(m.correct_refusal_rate));
  r.push_back(percent(m.wrong_refusal_rate));
  r.push_back(number(m.mean_steps, 1));
  r.push_back(number(m.tool_errors_per_episode));
  r.push_back(std::to_string(m.tokens_in));
  r.push_back(std::to_string(m.tokens_out));
  r.push_back(money(m.cost));
  r.push_back(seconds(m.mean_wall_ms));
  r.push_back(std::to_string(m.infra_errors));
  r.push_back(std::to_string(m.engine_errors));
  r.push_back(std::to_string(m.verifier_faults));
  return r;
}

std::string describe(const Json& manifest) {
  std::ostringstream out;
  out << "agent " << manifest.value("agent", "?");
  if (manifest.contains("model") && manifest["model"].is_object())
    out << " (" << manifest["model"].value("provider", "?") << " " << manifest["model"].value("model", "?") << ")";
  out << ", suite " << manifest.value("suite", "?") << ", k=" << manifest.value("k", 0);
  if (manifest.value("distractors", 0) > 0) out << ", distractors " << manifest.value("distractors", 0);
  if (manifest.value("fault_rate", 0.0) > 0) out << ", fault rate " << manifest.value("fault_rate", 0.0);
  out << ", seed " << manifest.value("seed", 0);
  if (manifest.contains("judge") && manifest["judge"].is_object())
    out << ", judge " << manifest["judge"].value("name", "?") << " (" << manifest["judge"].value("provider", "?") << " "
        << manifest["judge"].value("model", "?") << ")";
  return out.str();
}

std::vector<std::string> judged_row(const std::string& name, const Metrics& m) {
  return {name,
          std::to_string(m.judged_episodes),
          std::to_string(m.judged_checks),
          std::to_string(m.judged_passed),
          std::to_string(m.judged_failed),
          std::to_string(m.judged_unjudged),
          std::to_string(m.judge_errors),
          percent(m.success_rate),
          percent(m.success_with_judged_rate),
          money(m.judge_cost)};
}

// Judged checks apart from the table above: only the groups that have any, and only when the run does.
std::string judged_section(const RunReport& report) {
  const RunMetrics& m = report.metrics;
  if (m.run.judged_checks == 0) return "";
  std::ostringstream out;
  bool has_judge = report.manifest.contains("judge") && report.manifest["judge"].is_object();
  out << "\nJudged checks (";
  if (has_judge) out << "judge " << report.manifest["judge"].value("name", "?");
  else out << "no judge: none is judged; bench or rescore with --judge MODEL to judge them";
  out << "). Reported apart: the checks above alone decide success; success+judged also needs every judged "
         "check judged PASS.\n";
  Table table({"", "eps", "judged", "passed", "failed", "unjudged", "judge err", "success", "success+judged",
               "judge cost"});
  table.add(judged_row("ALL", m.run));
  for (const auto& [name, env] : m.environments)
    if (env.judged_checks) table.add(judged_row("env " + name, env));
  for (const auto& [name, task] : m.tasks)
    if (task.judged_checks) table.add(judged_row(name, task));
  out << table.render();
  return out.str();
}

std::string delta(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.1f", (*b - *a) * 100.0);
  return buffer;
}

}  // namespace

RunReport report_from(const StoredRun& run) {
  RunReport report;
  report.manifest = run.manifest;
  report.warnings = run.warnings;
  int k = run.manifest.value("k", 1);
  std::set<std::string> suite;
  if (run.manifest.contains("tasks"))
    for (const auto& id : run.manifest["tasks"]) suite.insert(id.get<std::string>());
  std::vector<EpisodeSummary> summaries;
  for (const auto& line : run.lines) {
    EpisodeSummary s = EpisodeSummary::from_json(line);
    if ((suite.empty() || suite.count(s.task)) && s.trial <= k) summaries.push_back(std::move(s));
  }
  report.metrics = compute_metrics(summaries, k);
  return report;
}

RunReport load_report(const std::filesystem::path& dir) { return report_from(load_run(dir)); }

std::string render_text(const RunReport& report) {
  const RunMetrics& m = report.metrics;
  std::ostringstream out;
  out << "Run: " << describe(report.manifest) << "\n";
  int expected = static_cast<int>(report.manifest.value("tasks", Json::array()).size()) * m.k;
  out << "Episodes: " << m.run.episodes << " of " << expected << " stored, " << m.run.scored << " scored";
  if (m.run.infra_errors) out << ", " << m.run.infra_errors << " infrastructure errors (retry with --resume)";
  if (m.run.engine_errors) out << ", " << m.run.engine_errors << " engine errors";
  if (m.run.verifier_faults) out << ", " << m.run.verifier_faults << " verifier faults";
  out << "\n\n";
  Table table(metrics_header(m.k));
  table.add(metrics_row("ALL", m.run, m.k));
  for (const auto& [name, env] : m.environments) table.add(metrics_row("env " + name, env, m.k));
  for (const auto& [name, task] : m.tasks) table.add(metrics_row(name, task, m.k));
  out << table.render();
  out << judged_section(report);
  for (const auto& w : report.warnings) out << "warning: " << w << "\n";
  return out.str();
}

Json render_json(const RunReport& report) {
  return {{"run", report.manifest}, {"metrics", report.metrics.to_json()}, {"warnings", report.warnings}};
}

std::string render_compare_text(const RunReport& a, const RunReport& b) {
  std::ostringstream out;
  out << "A: " << describe(a.manifest) << "\nB: " << describe(b.manifest) << "\n\n";
  int k = std::min(a.metrics.k, b.metrics.k);
  // Success with judged checks beside success, when either run has judged checks.
  const bool judged = a.metrics.run.judged_checks > 0 || b.metrics.run.judged_checks > 0;
  auto side = [judged](const Metrics& ma, const Metrics& mb, std::vector<std::string> row, int kk) {
    row.push_back(percent(ma.success_rate));
    row.push_back(percent(mb.success_rate));
    row.push_back(delta(ma.success_rate, mb.success_rate));
    if (judged) row.push_back(percent(ma.success_with_judged_rate) + " / " + percent(mb.success_with_judged_rate));
    for (int i = 0; i < kk; ++i) {
      auto pa = i < static_cast<int>(ma.pass_k.size()) ? ma.pass_k[i] : std::nullopt;
      auto pb = i < static_cast<int>(mb.pass_k.size()) ? mb.pass_k[i] : std::nullopt;
      row.push_back(percent(pa) + " / " + percent(pb));
    }
    row.push_back(number(ma.violations_per_episode) + " / " + number(mb.violations_per_episode));
    row.push_back(number(ma.unexpected_changes_per_episode) + " / " + number(mb.unexpected_changes_per_episode));
    row.push_back(money(ma.cost) + " / " + money(mb.cost));
    return row;
  };
  std::vector<std::string> header = {"", "success A", "success B", "Δ pts"};
  if (judged) header.push_back("success+judged A / B");
  for (int i = 1; i <= k; ++i) header.push_back("pass^" + std::to_string(i) + " A / B");
  for (const char* c : {"viol/ep A / B", "unexp/ep A / B", "cost A / B"}) header.push_back(c);
  Table table(header);
  table.add(side(a.metrics.run, b.metrics.run, {"ALL"}, k));
  std::set<std::string> envs, tasks;
  for (const auto& [n, _] : a.metrics.environments) envs.insert(n);
  for (const auto& [n, _] : b.metrics.environments) envs.insert(n);
  for (const auto& [n, _] : a.metrics.tasks) tasks.insert(n);
  for (const auto& [n, _] : b.metrics.tasks) tasks.insert(n);
  const Metrics empty;
  auto get = [&empty](const std::map<std::string, Metrics>& m, const std::string& n) -> const Metrics& {
    auto it = m.find(n);
    return it == m.end() ? empty : it->second;
  };
  for (const auto& n : envs)
    table.add(side(get(a.metrics.environments, n), get(b.metrics.environments, n), {"env " + n}, k));
  for (const auto& n : tasks) table.add(side(get(a.metrics.tasks, n), get(b.metrics.tasks, n), {n}, k));
  out << table.render();
  std::vector<std::string> better, worse, only_a, only_b;
  for (const auto& n : tasks) {
    bool in_a = a.metrics.tasks.count(n), in_b = b.metrics.tasks.count(n);
    if (!in_a) { only_b.push_back(n); continue; }
    if (!in_b) { only_a.push_back(n); continue; }
    auto ra = a.metrics.tasks.at(n).success_rate, rb = b.metrics.tasks.at(n).success_rate;
    if (ra && rb && *rb > *ra) better.push_back(n);
    if (ra && rb && *rb < *ra) worse.push_back(n);
  }
  auto list = [&out](const char* title, const std::vector<std::string>& names) {
    if (names.empty()) return;
    out << "\n" << title << " (" << names.size() << "):";
    for (const auto& n : names) out << " " << n;
  };
  list("Better in B", better);
  list("Worse in B", worse);
  list("Only in A", only_a);
  list("Only in B", only_b);
  if (!better.empty() || !worse.empty() || !only_a.empty() || !only_b.empty()) out << "\n";
  if (better.empty() && worse.empty()) out << "\nNo task changed its success rate.\n";
  return out.str();
}

Json render_compare_json(const RunReport& a, const RunReport& b) {
  Json tasks = Json::object();
  std::set<std::string> names;
  for (const auto& [n, _] : a.metrics.tasks) names.insert(n);
  for (const auto& [n, _] : b.metrics.tasks) names.insert(n);
  for (const auto& n : names) {
    Json entry;
    entry["a"] = a.metrics.tasks.count(n) ? a.metrics.tasks.at(n).to_json() : Json();
    entry["b"] = b.metrics.tasks.count(n) ? b.metrics.tasks.at(n).to_json() : Json();
    // GCC 12 misreads a ternary of optionals as maybe-uninitialized; value_or keeps it plain.
    const bool both = a.metrics.tasks.count(n) && b.metrics.tasks.count(n) &&
                      a.metrics.tasks.at(n).success_rate && b.metrics.tasks.at(n).success_rate;
    entry["success_delta"] = both ? Json(b.metrics.tasks.at(n).success_rate.value_or(0.0) -
                                         a.metrics.tasks.at(n).success_rate.value_or(0.0))
                                  : Json();
    tasks[n] = std::move(entry);
  }
  return {{"a", render_json(a)}, {"b", render_json(b)}, {"tasks", tasks}};
}

}  // namespace opsgym::bench
