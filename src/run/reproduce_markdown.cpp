// Rendering table.md from summarized results.
#include "run/reproduce_markdown.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "run/components.h"
#include "run/reproduce_table.h"

namespace emorec::run {
namespace {

struct ProtocolKey {
  const char* section;
  const char* key;
  const char* name;
};
// The protocol keys read back from each row's resolved config; a key a row lacks is shown as "-".
const ProtocolKey kProtocol[] = {
    {"data", "dataset", "data set"},
    {"data", "negatives", "negatives (data.negatives)"},
    {"data", "split", "train/eval/test split (data.split)"},
    {"eval", "topk", "top-K (eval.topk)"},
    {"eval", "topk_protocol", "top-K protocol (eval.topk_protocol)"},
    {"eval", "topk_users", "top-K users (eval.topk_users)"},
    {"eval", "topk_negatives", "top-K negatives (eval.topk_negatives)"},
};

std::string path_of(const ProtocolKey& k) {
  return std::string(k.section) + "." + k.key;
}

std::string text_of(const YAML::Node& v) {
  if (v.IsScalar()) return v.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << v;
  return out.c_str();
}

std::string fmt(const char* format, double v) {
  char b[64];
  std::snprintf(b, sizeof b, format, v);
  return b;
}

std::string cell_text(std::string s) {  // a '|' would end the cell
  for (size_t at = s.find('|'); at != std::string::npos; at = s.find('|', at + 2)) s.replace(at, 1, "\\|");
  return s;
}

std::string join_seeds(const std::vector<int64_t>& seeds) {
  std::string out;
  for (const auto s : seeds) out += (out.empty() ? "" : ", ") + std::to_string(s);
  return out;
}

std::string protocol_paragraph(const TableResults& r) {
  std::ostringstream s;
  s << "## Protocol\n\n";
  for (const auto& k : kProtocol) {
    const std::string key = path_of(k);
    std::map<std::string, std::vector<std::string>> rows_by_value;
    for (const auto& row : r.rows) {
      const auto it = row.protocol.find(key);
      rows_by_value[it == row.protocol.end() ? "-" : it->second].push_back(row.label);
    }
    if (rows_by_value.size() == 1 && rows_by_value.begin()->first == "-") continue;
    if (rows_by_value.size() == 1) {
      s << "- " << k.name << ": " << rows_by_value.begin()->first << "\n";
      continue;
    }
    s << "- " << k.name << " differs per row:";
    for (const auto& row : r.rows) {
      const auto it = row.protocol.find(key);
      s << " " << row.label << ": " << (it == row.protocol.end() ? "-" : it->second) << ";";
    }
    s << "\n";
  }
  if (!r.meta.set.empty()) {
    s << "- overrides on every row:";
    for (const auto& o : r.meta.set) s << " `" << o << "`";
    s << "\n";
  }
  const bool cv = r.meta.folds > 0;
  s << "- seeds: " << join_seeds(r.meta.seeds) << " (n = " << r.meta.seeds.size()
    << "), every row with every seed; the experiment seed drives the split, neighbour sampling, "
       "initialisation, shuffling and the negatives of data sets read from files (the synthetic data set's "
       "come from data.synthetic.seed)\n";
  if (cv) {
    s << "- cross-validation: " << r.meta.folds << " stratified folds per seed (data.fold = 0 .. "
      << r.meta.folds - 1 << "; the seed deals the folds, so each seed is a repeat); every run is tested once, "
      << "on its held-out fold, and its epoch is selected on eval rows held out of the training folds\n";
  }
  s << "- selection: the best model and the best baseline are the rows of highest mean " << r.select
    << " (the eval split); the test split never selects\n";
  const std::string over = cv ? "seeds x folds (n = " + std::to_string(r.meta.seeds.size() * static_cast<size_t>(r.meta.folds)) + ")" : "seeds";
  s << "- statistics: mean ± sample standard deviation over " << over
    << ", and the 95% confidence interval of the mean from Student's t with n - 1 degrees of freedom";
  if (cv) {
    s << ", its standard error corrected for the folds' overlapping training rows (Nadeau and Bengio 2003: "
         "sd * sqrt(1/n + 1/(k-1)) instead of sd / sqrt(n))";
  }
  s << "; \"vs best baseline\" is the two-sided " << (cv ? "corrected resampled" : "paired") << " t-test over "
    << over << " on " << r.primary() << " (the " << split_metric_key(r.primary()).split
    << " split) of each row against the best baseline, with Holm's correction over the " << r.tested
    << " rows tested (p: uncorrected, p_Holm: corrected; * significant at 5% after correction, n.s. not)\n\n";
  return s.str();
}

std::string metric_cell(const MetricSummary& m) {
  if (!m.complete) return "-";
  if (m.n < 2) return fmt("%.4f", m.mean);
  return fmt("%.4f", m.mean) + " ± " + fmt("%.4f", m.sd) + " [" + fmt("%.4f", m.ci95_low) + ", " +
         fmt("%.4f", m.ci95_high) + "]";
}

std::string test_cell(const RowResult& row) {
  if (!row.vs_baseline) return "-";
  const auto& t = *row.vs_baseline;
  return fmt("%+.4f", t.mean_diff) + " (p = " + fmt("%.3g", t.p) + ", p_Holm = " + fmt("%.3g", row.p_holm) +
         ") " + (row.significant ? "*" : "n.s.");
}

std::string mean_cell(const MetricSummary& m) { return m.complete ? fmt("%.4f", m.mean) : "-"; }

std::string row_line(const TableResults& r, size_t i) {
  const RowResult& row = r.rows[i];
  std::string name = cell_text(row.label);
  if (static_cast<int>(i) == r.best_model) name = "**" + name + "**";
  if (row.baseline) name += " (baseline)";
  std::string line = "| " + name + " | " + mean_cell(row.metrics.at(r.select)) + " |";
  for (const auto& k : r.metrics) line += " " + metric_cell(row.metrics.at(k)) + " |";
  double seconds = 0;
  std::string epochs;
  for (const auto& s : row.seeds) {
    seconds += s.seconds_per_epoch;
    epochs += (epochs.empty() ? "" : ", ") + std::to_string(s.best_epoch);
  }
  line +=
      " " + (row.seeds.empty() ? "-" : fmt("%.3g", seconds / static_cast<double>(row.seeds.size()))) + " |";
  return line + " " + (epochs.empty() ? "-" : epochs) + " | " + test_cell(row) + " |\n";
}

std::string results_table(const TableResults& r) {
  std::string head = "| model | " + r.select + " mean (selects) |", rule = "|---|---|";
  for (const auto& k : r.metrics) head += " " + k + " mean ± sd [95% CI] |", rule += "---|";
  head += " s/epoch | best epochs | vs best baseline (" + r.primary() + " diff, p, p_Holm) |\n";
  rule += "---|---|---|\n";
  std::string out = head + rule;
  for (size_t i = 0; i < r.rows.size(); ++i) out += row_line(r, i);
  return out;
}

std::string verdict(const TableResults& r) {
  const std::string& key = r.primary();
  if (r.best_baseline < 0)
    return "No baseline row has complete " + key + " results: there is nothing to test against.";
  if (r.best_model < 0) return "No model row has complete " + key + " results: there is nothing to test.";
  const RowResult& model = r.rows[static_cast<size_t>(r.best_model)];
  const RowResult& base = r.rows[static_cast<size_t>(r.best_baseline)];
  const std::string& sel = r.select;
  auto values = [&](const RowResult& row) {
    return sel + " " + fmt("%.4f", row.metrics.at(sel).mean) + ", " + key + " " +
           fmt("%.4f", row.metrics.at(key).mean);
  };
  const std::string who = "The best model by " + sel + ", " + model.label + " (" + values(model) + "), ";
  const std::string against = "the best baseline by " + sel + ", " + base.label + " (" + values(base) + ")";
  if (!model.vs_baseline)
    return who + "against " + against + ": no paired test (it needs two or more seeds).";
  const auto& t = *model.vs_baseline;
  const std::string runs = r.meta.folds > 0 ? " runs (seeds x folds), corrected resampled t = " : " seeds, paired t = ";
  const std::string numbers = ": mean difference in " + key + " " + fmt("%+.4f", t.mean_diff) + " over " +
                              std::to_string(model.seeds.size()) + runs + fmt("%.3g", t.t) +
                              ", p = " + fmt("%.3g", t.p) + ", Holm-corrected over " +
                              std::to_string(r.tested) + " rows p = " + fmt("%.3g", model.p_holm) + ".";
  if (!model.significant)
    return who + "does not differ significantly (5%, Holm) on " + key + " from " + against + numbers;
  if (t.mean_diff > 0) return who + "beats " + against + " on " + key + " significantly (5%, Holm)" + numbers;
  return who + "is significantly (5%, Holm) worse on " + key + " than " + against + numbers;
}

}  // namespace

std::map<std::string, std::string> protocol_of(const config::ExperimentConfig& config) {
  const YAML::Node root = YAML::Load(experiment_to_yaml(config));
  std::map<std::string, std::string> out;
  for (const auto& k : kProtocol) {
    const YAML::Node section = root[k.section];
    if (!section.IsMap()) continue;
    const YAML::Node v = section[k.key];
    if (v.IsDefined() && !v.IsNull()) out[path_of(k)] = text_of(v);
  }
  // Top-K evaluation switched off: its other keys describe nothing that was measured.
  const auto off = out.find("eval.topk_protocol");
  if (off != out.end() && off->second == "none") {
    for (const char* key : {"eval.topk", "eval.topk_users", "eval.topk_negatives"}) out.erase(key);
  }
  return out;
}

std::string render_markdown(const TableResults& r) {
  const auto& m = r.meta;
  std::ostringstream s;
  s << "# " << m.title << "\n\n";
  if (!m.description.empty()) s << m.description << "\n\n";
  s << protocol_paragraph(r);
  s << "## Results\n\n" << results_table(r) << "\n" << verdict(r) << "\n\n";
  s << "Commit `" << m.commit << "`, " << m.date << ", on " << m.hostname << " (" << m.cores
    << " cores; device " << m.device << ").\n\n";
  s << "Command: `" << m.command_line << "`\n";
  return s.str();
}

}  // namespace emorec::run
