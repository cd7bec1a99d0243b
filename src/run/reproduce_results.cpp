// Statistics over the seeds of a reproduction table, and its results.json.
#include "run/reproduce_results.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "run/reproduce_table.h"

namespace emorec::run {
namespace {

double value_of(const SeedResult& s, const std::string& key) {
  const auto it = s.metrics.find(key);
  return it == s.metrics.end() ? NAN : it->second;
}

// The row's values of `key` in seed order; empty unless every seed has a finite one.
std::vector<double> complete_values(const RowResult& row, const std::string& key) {
  std::vector<double> v;
  for (const auto& s : row.seeds) {
    const double x = value_of(s, key);
    if (!std::isfinite(x)) return {};
    v.push_back(x);
  }
  return v;
}

MetricSummary summary_of(const RowResult& row, const std::string& key, double test_train_ratio) {
  MetricSummary m;
  for (const auto& s : row.seeds) m.n += std::isfinite(value_of(s, key)) ? 1 : 0;
  m.complete = m.n > 0 && m.n == row.seeds.size();
  if (!m.complete) {
    m.mean = m.sd = m.ci95_low = m.ci95_high = NAN;
    return m;
  }
  const auto ci = metrics::mean_ci95(complete_values(row, key), test_train_ratio);
  m.mean = ci.mean, m.sd = ci.sd;
  m.ci95_low = ci.mean - ci.half_width, m.ci95_high = ci.mean + ci.half_width;
  return m;
}

// The row of highest mean `select` among those with baseline == `baseline` and complete `select` and
// `primary` metrics (a row that cannot be tested is not picked).
int best_row(const std::vector<RowResult>& rows, const std::string& select, const std::string& primary,
             bool baseline) {
  int best = -1;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& m = rows[i].metrics.at(select);
    if (rows[i].baseline != baseline || !m.complete || !rows[i].metrics.at(primary).complete) continue;
    if (best < 0 || m.mean > rows[static_cast<size_t>(best)].metrics.at(select).mean)
      best = static_cast<int>(i);
  }
  return best;
}

// Paired by seed and fold: both rows carry the table's runs in the same order.
std::optional<metrics::PairedTest> paired(const RowResult& a, const RowResult& b, const std::string& key,
                                          double test_train_ratio) {
  const auto va = complete_values(a, key), vb = complete_values(b, key);
  if (va.size() < 2 || va.size() != vb.size()) return std::nullopt;
  for (size_t i = 0; i < a.seeds.size(); ++i) {
    if (a.seeds[i].seed != b.seeds[i].seed || a.seeds[i].fold != b.seeds[i].fold) return std::nullopt;
  }
  return metrics::paired_t_test(va, vb, test_train_ratio);
}

nlohmann::json num(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json row_json(const RowResult& row, const std::vector<std::string>& keys) {
  nlohmann::json seeds = nlohmann::json::array();
  for (const auto& s : row.seeds) {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& k : keys) values[k] = num(value_of(s, k));
    seeds.push_back({{"seed", s.seed},
                     {"fold", s.fold < 0 ? nlohmann::json(nullptr) : nlohmann::json(s.fold)},
                     {"run", s.run_dir},
                     {"metrics", values},
                     {"best_epoch", s.best_epoch},
                     {"train_seconds_per_epoch", num(s.seconds_per_epoch)},
                     {"device", s.device}});
  }
  nlohmann::json stats = nlohmann::json::object();
  for (const auto& k : keys) {
    const auto& m = row.metrics.at(k);
    stats[k] = {{"mean", num(m.mean)},
                {"sd", num(m.sd)},
                {"ci95_low", num(m.ci95_low)},
                {"ci95_high", num(m.ci95_high)},
                {"n", m.n}};
  }
  nlohmann::json test = "-";
  if (row.vs_baseline) {
    const auto& t = *row.vs_baseline;
    test = {{"mean_diff", num(t.mean_diff)},
            {"t", num(t.t)},
            {"p", num(t.p)},
            {"p_holm", num(row.p_holm)},
            {"df", t.df},
            {"significant", row.significant}};
  }
  return {{"label", row.label},       {"config", row.config}, {"set", row.set},   {"baseline", row.baseline},
          {"protocol", row.protocol}, {"seeds", seeds},       {"metrics", stats}, {"vs_best_baseline", test}};
}

}  // namespace

TableResults summarize(TableMeta meta, std::vector<std::string> metric_keys, std::string select_key,
                       std::vector<RowResult> rows) {
  if (split_metric_key(select_key).split != "eval") {
    throw std::invalid_argument("summarize: rows are selected on the eval split only, got " + select_key);
  }
  TableResults r;
  r.meta = std::move(meta);
  r.metrics = std::move(metric_keys);
  r.select = std::move(select_key);
  r.rows = std::move(rows);
  const double ratio = r.meta.test_train_ratio();
  for (auto& row : r.rows) {
    for (const auto& k : r.metrics) row.metrics[k] = summary_of(row, k, ratio);
    row.metrics[r.select] = summary_of(row, r.select, ratio);
  }
  r.best_model = best_row(r.rows, r.select, r.primary(), false);
  r.best_baseline = best_row(r.rows, r.select, r.primary(), true);
  if (r.best_baseline < 0) return r;
  const auto& base = r.rows[static_cast<size_t>(r.best_baseline)];
  std::vector<double> p(r.rows.size(), NAN);
  for (size_t i = 0; i < r.rows.size(); ++i) {
    if (static_cast<int>(i) == r.best_baseline) continue;
    r.rows[i].vs_baseline = paired(r.rows[i], base, r.primary(), ratio);
    if (r.rows[i].vs_baseline) p[i] = r.rows[i].vs_baseline->p, ++r.tested;
  }
  const auto holm = metrics::holm_adjust(p);
  for (size_t i = 0; i < r.rows.size(); ++i) {
    r.rows[i].p_holm = holm[i];
    r.rows[i].significant = r.rows[i].vs_baseline.has_value() && holm[i] < 0.05;
  }
  return r;
}

nlohmann::json results_json(const TableResults& r) {
  auto label_of = [&](int i) {
    return i < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.rows[static_cast<size_t>(i)].label);
  };
  nlohmann::json rows = nlohmann::json::array();
  auto keys = r.metrics;
  if (std::find(keys.begin(), keys.end(), r.select) == keys.end()) keys.push_back(r.select);
  for (const auto& row : r.rows) rows.push_back(row_json(row, keys));
  const auto& m = r.meta;
  return {{"title", m.title},
          {"description", m.description},
          {"table", m.table_path},
          {"table_text", m.table_text},
          {"commit", m.commit},
          {"date", m.date},
          {"machine", {{"hostname", m.hostname}, {"cores", m.cores}, {"device", m.device}}},
          {"command_line", m.command_line},
          {"seeds", m.seeds},
          {"folds", m.folds},
          {"set", m.set},
          {"metrics", r.metrics},
          {"primary_metric", r.primary()},
          {"select_metric", r.select},
          {"best_model", label_of(r.best_model)},
          {"best_baseline", label_of(r.best_baseline)},
          {"paired_test",
           std::string(m.folds > 0 ? "two-sided corrected resampled t-test (Nadeau and Bengio) over seeds x folds"
                                   : "two-sided paired t-test over seeds") +
               " of each row against the best baseline (the baseline of highest mean select_metric, an "
               "eval-split metric), on the primary metric; significant: p after Holm's correction over the rows "
               "tested below 0.05"},
          {"rows_tested", r.tested},
          {"rows", rows}};
}

}  // namespace emorec::run
