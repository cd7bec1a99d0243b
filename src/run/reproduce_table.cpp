// The strict reader of reproduction tables.
#include "run/reproduce_table.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/component.h"
#include "config/yaml_reader.h"
#include "core/error.h"

namespace emorec::run {
namespace {

namespace fs = std::filesystem;
using config::IntRule;
using config::StringRule;

bool is_present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

StringRule non_empty() {
  return StringRule::matching([](const std::string& v) { return v.empty() ? "a non-empty string" : ""; });
}

// "key=value" overrides, as `emorec train --set` takes them.
StringRule override_form() {
  return StringRule::matching([](const std::string& v) {
    const auto eq = v.find('=');
    return eq == std::string::npos || eq == 0 ? "KEY.PATH=VALUE" : "";
  });
}

// "SPLIT.METRIC" keys.
StringRule metric_form() {
  return StringRule::matching([](const std::string& v) {
    const auto dot = v.rfind('.');
    return dot == std::string::npos || dot == 0 || dot + 1 == v.size() ? "SPLIT.METRIC (e.g. test.auc)" : "";
  });
}

}  // namespace

void RowSpec::visit(config::ConfigVisitor& v) {
  line = v.line();
  v.field("label", label, non_empty(), "the row's name in table.md; unique within the table", true);
  v.field("config", config, non_empty(), "experiment YAML, relative to the current directory or absolute", true);
  v.field("set", set, override_form(), "KEY.PATH=VALUE overrides of this row, applied after the table's");
  v.field("baseline", baseline, "a baseline: the paired tests compare every row against the best of these");
}

void TableSpec::visit(config::ConfigVisitor& v) {
  v.field("title", title, non_empty(), "the table's heading", true);
  v.field("description", description, StringRule::any(), "free text under the heading");
  v.field("seeds", seeds, IntRule::any(), "the seeds every row runs with (one or more, distinct)");
  if (seeds.empty()) v.reject("seeds", "missing required key (a list of one or more distinct integers)");
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (seeds[j] == seeds[i]) v.reject("seeds", "seed " + std::to_string(seeds[i]) + " is listed twice");
    }
  }
  v.field("folds", folds, IntRule::range(0, 100),
          "cross-validation: every seed runs data.fold = 0 .. folds-1 of data.folds = folds, and the statistics "
          "and paired tests go over seeds x folds with Nadeau and Bengio's correction for overlapping training "
          "sets; 0: one run per seed");
  if (folds == 1) v.reject("folds", "cross-validation needs 2 or more folds (0: none)");
  v.field("set", set, override_form(), "KEY.PATH=VALUE overrides of every row, applied before the row's own");
  v.field("metrics", metrics, metric_form(),
          "SPLIT.METRIC keys of summary.json compared in the table; the first is the primary (tested) one");
  if (metrics.empty()) v.reject("metrics", "list at least one metric (the first is the primary one)");
  v.field("select", select,
          StringRule::matching([](const std::string& key) {
            const auto k = split_metric_key(key);
            return k.split != "eval" || k.metric.empty()
                       ? "eval.METRIC (rows are selected on the eval split only, never on test)"
                       : "";
          }),
          "the eval.METRIC that picks the best model and the best baseline (default: the primary metric on eval)");
  if (select.empty() && !metrics.empty()) select = "eval." + split_metric_key(metrics.front()).metric;
  v.field("plots", plots, metric_form(), "SPLIT.METRIC keys of metrics.jsonl drawn per epoch (default: the primary)");
  if (plots.empty() && !metrics.empty()) plots = {metrics.front()};
  v.section_list(
      "rows", "the table's rows: experiment configs with overrides", rows.size(),
      [&](size_t n) { rows.resize(n); },
      [&](config::ConfigVisitor& r, size_t i) {
        rows[i].visit(r);
        for (size_t j = 0; j < i; ++j) {
          if (rows[j].label == rows[i].label) {
            r.reject("label", "duplicate label \"" + rows[i].label + "\" (also on line " +
                                  std::to_string(rows[j].line) + ")");
          }
        }
      },
      "rows", 1, true);
}

std::string resolve_table_path(const std::string& name_or_path) {
  const fs::path p(name_or_path);
  if (p.has_parent_path() || p.extension() == ".yaml" || p.extension() == ".yml") return name_or_path;
  return (fs::path("configs") / "tables" / (name_or_path + ".yaml")).string();
}

TableSpec load_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw ConfigError(
        path + ": cannot read the table (give a NAME under configs/tables/ or a path to a .yaml file)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_table(text.str(), path);
}

TableSpec parse_table(const std::string& yaml, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  if (!is_present(root)) throw ConfigError(origin + ": (document): the table is empty");
  static const config::Choices no_choices;  // a table names no registered component
  const config::YamlSource source{origin, {}};
  config::YamlReader reader(root, "", source, no_choices);
  TableSpec t;
  t.visit(reader);
  reader.finish();
  t.path = origin;
  t.name = fs::path(origin).stem().string();
  t.text = yaml;
  return t;
}

MetricKey split_metric_key(const std::string& key) {
  const auto dot = key.rfind('.');
  if (dot == std::string::npos) return {"", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::string slug(const std::string& label) {
  std::string out = label;
  for (auto& c : out) {
    const auto u = static_cast<unsigned char>(c);
    c = std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  return out;
}

}  // namespace emorec::run
