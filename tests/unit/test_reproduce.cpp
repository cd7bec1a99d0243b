// Reproduction tables: the strict table reader, the statistics and table.md from constructed per-seed values
// (checked against numbers computed by hand), and a real two-row, two-seed table on the synthetic data set,
// resumed without training anything again.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <set>

#include "config/component.h"
#include "config/doc_writer.h"
#include "config/experiment.h"
#include "config/yaml_writer.h"
#include "core/error.h"
#include "report/table_plots.h"
#include "run/components.h"
#include "run/reproduce.h"
#include "run/reproduce_markdown.h"
#include "test_util.h"

namespace emorec::run {
namespace {

namespace fs = std::filesystem;

const char* kTable =
    "title: KGCN against popularity\n"    // 1
    "description: a test table\n"         // 2
    "seeds: [1, 2, 3]\n"                  // 3
    "set: [device=cpu]\n"                 // 4
    "metrics: [test.auc, test.f1]\n"      // 5
    "rows:\n"                             // 6
    "  - label: KGCN-sum\n"               // 7
    "    config: configs/kg/kgcn.yaml\n"  // 8
    "    set: [model.aggregator=sum]\n"   // 9
    "  - label: Popularity\n"             // 10
    "    config: configs/kg/pop.yaml\n"   // 11
    "    baseline: true\n";               // 12

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

// The ConfigError message of parsing `yaml` (fails the test if it parses).
std::string error_of(const std::string& yaml) {
  try {
    parse_table(yaml, "t.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return "";
}

#define EXPECT_STARTS_WITH(text, prefix) EXPECT_EQ((text).rfind(prefix, 0), 0u) << (text)

TEST(ReproduceTable, ReadsAValidTable) {
  const auto t = parse_table(kTable, "configs/tables/demo.yaml");
  EXPECT_EQ(t.name, "demo");
  EXPECT_EQ(t.title, "KGCN against popularity");
  EXPECT_EQ(t.description, "a test table");
  EXPECT_EQ(t.seeds, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(t.set, (std::vector<std::string>{"device=cpu"}));
  EXPECT_EQ(t.metrics, (std::vector<std::string>{"test.auc", "test.f1"}));
  EXPECT_EQ(t.plots, (std::vector<std::string>{"test.auc"}));  // default: the primary metric
  EXPECT_EQ(t.select, "eval.auc");                              // default: the primary metric on eval
  EXPECT_EQ(parse_table(replace(kTable, "rows:\n", "select: eval.f1\nrows:\n"), "t.yaml").select, "eval.f1");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].label, "KGCN-sum");
  EXPECT_EQ(t.rows[0].set, (std::vector<std::string>{"model.aggregator=sum"}));
  EXPECT_FALSE(t.rows[0].baseline);
  EXPECT_EQ(t.rows[0].line, 7);
  EXPECT_TRUE(t.rows[1].baseline);
  EXPECT_EQ(t.rows[1].config, "configs/kg/pop.yaml");
  EXPECT_EQ(t.text, kTable);
  EXPECT_EQ(resolve_table_path("demo"), "configs/tables/demo.yaml");
  EXPECT_EQ(resolve_table_path("my/t.yaml"), "my/t.yaml");
  EXPECT_EQ(slug("MKGCN residual (linear)"), "mkgcn_residual__linear_");
  EXPECT_EQ(run_experiment_name("KGCN-sum", 3), "kgcn_sum_seed3");
}

TEST(ReproduceTable, UnknownKeysNameFileAndLine) {
  EXPECT_STARTS_WITH(error_of(replace(kTable, "description:", "descripton:")),
                     "t.yaml:2: descripton: unknown key");
  EXPECT_STARTS_WITH(error_of(replace(kTable, "    baseline: true", "    baseline: true\n    seed: 4")),
                     "t.yaml:13: rows[1].seed: unknown key");
}

TEST(ReproduceTable, MissingKeysAndBadTypesAreErrors) {
  const std::string head = "title: x\nseeds: [1]\nmetrics: [test.auc]\n";
  const std::string seeds = "seeds: [1, 2, 3]";
  const std::pair<std::string, std::string> cases[] = {
      // table text, start of the message
      {head, "t.yaml:1: rows: missing required key"},
      {head + "rows: []\n", "t.yaml:4: rows: list one or more rows"},
      {head + "rows: {a: 1}\n", "t.yaml:4: rows: expected a list of rows, got a mapping"},
      {replace(kTable, "    config: configs/kg/pop.yaml\n", ""),
       "t.yaml:10: rows[1].config: missing required key"},
      {replace(kTable, seeds, "seeds: one"),
       "t.yaml:3: seeds: expected a list of one or more integers, each an integer, got \"one\""},
      {replace(kTable, seeds, "seeds: [1, 2.5]"), "t.yaml:3: seeds: expected"},
      {replace(kTable, seeds, "seeds: [1, 1]"), "t.yaml:3: seeds: seed 1 is listed twice"},
      {replace(kTable, "baseline: true", "baseline: maybe"),
       "t.yaml:12: rows[1].baseline: expected true or false"},
      {replace(kTable, "[test.auc, test.f1]", "[auc]"), "t.yaml:5: metrics: expected SPLIT.METRIC"},
      {replace(kTable, "[model.aggregator=sum]", "[model.aggregator]"),
       "t.yaml:9: rows[0].set: expected KEY.PATH=VALUE"},
      {replace(kTable, "rows:\n", "select: test.auc\nrows:\n"),
       "t.yaml:6: select: expected eval.METRIC (rows are selected on the eval split only, never on test), "
       "got \"test.auc\""},
  };
  for (const auto& [yaml, message] : cases) EXPECT_STARTS_WITH(error_of(yaml), message);
}

TEST(ReproduceTable, IsReadByTheConfigReaderAndWrittenBackTheSame) {
  // The table's keys go through the experiment configs' visitor: the YAML writer gives a table that reads back
  // into the same spec, and the docs generator lists a row's keys under rows[].
  const auto t = parse_table(kTable, "t.yaml");
  auto copy = t;
  const auto text = config::to_yaml(copy, config::Choices());
  const auto again = parse_table(text, "again.yaml");
  EXPECT_EQ(again.title, t.title);
  EXPECT_EQ(again.seeds, t.seeds);
  EXPECT_EQ(again.metrics, t.metrics);
  EXPECT_EQ(again.select, t.select);
  EXPECT_EQ(again.plots, t.plots);
  ASSERT_EQ(again.rows.size(), t.rows.size());
  for (size_t i = 0; i < t.rows.size(); ++i) {
    EXPECT_EQ(again.rows[i].label, t.rows[i].label);
    EXPECT_EQ(again.rows[i].config, t.rows[i].config);
    EXPECT_EQ(again.rows[i].set, t.rows[i].set);
    EXPECT_EQ(again.rows[i].baseline, t.rows[i].baseline);
  }
  const auto doc = config::config_reference<TableSpec>(config::Choices());
  for (const char* key : {"`title`", "`seeds`", "`rows`", "`rows[].label`", "`rows[].baseline`"}) {
    EXPECT_NE(doc.find(key), std::string::npos) << key << " in\n" << doc;
  }
  EXPECT_STARTS_WITH(error_of(""), "t.yaml: (document): the table is empty");
  EXPECT_STARTS_WITH(error_of("- a\n- b\n"), "t.yaml:1: (document): expected a mapping, got a list");
  EXPECT_STARTS_WITH(error_of(replace(kTable, "  - label: Popularity", "  - Popularity\n  - label: Popularity")),
                     "t.yaml:10: rows[1]: expected a mapping, got \"Popularity\"");
}

TEST(ReproduceTable, DuplicateLabelsAreErrors) {
  EXPECT_STARTS_WITH(error_of(replace(kTable, "label: Popularity", "label: KGCN-sum")),
                     "t.yaml:10: rows[1].label: duplicate label \"KGCN-sum\" (also on line 7)");
}

TEST(ReproduceTable, AnOverrideErrorNamesTheTableAndRowBeforeAnyFolderExists) {
  test::TempDir tmp;
  const std::string table = tmp.file("bad.yaml");
  const std::string config = std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_synthetic.yaml";
  test::write_file(
      table, "title: t\nseeds: [1]\nmetrics: [test.auc]\nrows:\n  - label: fine\n    config: " + config +
                 "\n  - label: broken\n    config: " + config + "\n    set: [model.dimm=8]\n");
  ReproduceOptions options;
  options.runs_dir = tmp.file("runs");
  try {
    reproduce_table(load_table(table), options);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STARTS_WITH(std::string(e.what()),
                       table + ":7: row \"broken\": --set model.dimm=8: model.dimm: unknown key");
  }
  EXPECT_FALSE(fs::exists(tmp.file("runs")));
  options.only = {"nope"};
  EXPECT_THROW(reproduce_table(load_table(table), options), ConfigError);
}

TEST(ReproduceTable, CommittedTablesLoadAndEveryRowValidates) {
  const fs::path dir = fs::path(EMOREC_SOURCE_DIR) / "configs" / "tables";
  int tables = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const auto t = load_table(entry.path().string());
    ++tables;
    for (const auto& row : t.rows) {
      auto sets = t.set;
      sets.insert(sets.end(), row.set.begin(), row.set.end());
      EXPECT_NO_THROW(run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/" + row.config, sets))
          << entry.path() << " row " << row.label;
    }
  }
  EXPECT_GE(tables, 1);
}

// A row with one metric ("test.auc") and the selection metric ("eval.auc", the test values unless given)
// over seeds 1..n.
RowResult row(const std::string& label, bool baseline, const std::vector<double>& auc,
              std::vector<double> eval_auc = {}) {
  if (eval_auc.empty()) eval_auc = auc;
  RowResult r;
  r.label = label;
  r.baseline = baseline;
  r.protocol = {{"data.dataset", "synthetic"}, {"data.split", "[0.6, 0.2, 0.2]"}};
  for (size_t i = 0; i < auc.size(); ++i) {
    SeedResult s;
    s.seed = static_cast<int64_t>(i) + 1;
    s.metrics["test.auc"] = auc[i];
    s.metrics["eval.auc"] = eval_auc[i];
    s.best_epoch = static_cast<int64_t>(i) + 2;
    s.seconds_per_epoch = 0.5;
    r.seeds.push_back(s);
  }
  return r;
}

std::vector<double> plus(const std::vector<double>& a, const std::vector<double>& d) {
  std::vector<double> out;
  for (size_t i = 0; i < a.size(); ++i) out.push_back(a[i] + d[i]);
  return out;
}

TableResults constructed() {
  const std::vector<double> base = {0.78, 0.80, 0.79, 0.81, 0.77};
  std::vector<RowResult> rows;
  rows.push_back(row("weak", false, plus(base, {-0.01, -0.03, 0.01, -0.04, -0.02})));  // stats test, scaled
  rows.push_back(row("popularity", true, base));
  rows.push_back(row("strong", false, plus(base, {0.05, 0.06, 0.04, 0.05, 0.055})));
  rows.push_back(row("knn", true, plus(base, {-0.1, -0.1, -0.1, -0.1, -0.1})));
  rows.push_back(
      row("incomplete", false, {0.99, 0.99, NAN, 0.99, 0.99}));  // never the best: a seed is missing
  TableMeta meta;
  meta.title = "Constructed";
  meta.seeds = {1, 2, 3, 4, 5};
  meta.commit = "abc123", meta.hostname = "box", meta.cores = 2, meta.device = "cpu";
  meta.command_line = "emorec reproduce constructed";
  return summarize(meta, {"test.auc"}, "eval.auc", std::move(rows));
}

TEST(ReproduceStats, MeanSdAndIntervalByHand) {
  const auto r = constructed();
  // 0.78, 0.80, 0.79, 0.81, 0.77: mean 0.79, sd sqrt(0.001/4), half-width t_{0.975,4} sd / sqrt(5).
  const auto& m = r.rows[1].metrics.at("test.auc");
  const double sd = std::sqrt(0.001 / 4), half = 2.7764451051977935 * sd / std::sqrt(5.0);
  EXPECT_EQ(m.n, 5u);
  EXPECT_NEAR(m.mean, 0.79, 1e-12);
  EXPECT_NEAR(m.sd, sd, 1e-12);
  EXPECT_NEAR(m.ci95_low, 0.79 - half, 1e-10);
  EXPECT_NEAR(m.ci95_high, 0.79 + half, 1e-10);
  const auto& missing = r.rows[4].metrics.at("test.auc");
  EXPECT_FALSE(missing.complete);
  EXPECT_EQ(missing.n, 4u);
}

TEST(ReproduceStats, PicksTheBestModelAndBaselineAndTestsAgainstIt) {
  const auto r = constructed();
  EXPECT_EQ(r.best_model, 2);     // "strong"; "incomplete" has a higher mean over its four seeds
  EXPECT_EQ(r.best_baseline, 1);  // "popularity" beats "knn"
  EXPECT_FALSE(r.rows[1].vs_baseline.has_value());
  EXPECT_FALSE(r.rows[4].vs_baseline.has_value());
  // Differences 0.05, 0.06, 0.04, 0.05, 0.055: mean 0.051, sd 0.0074162, t = 15.38, significant.
  ASSERT_TRUE(r.rows[2].vs_baseline.has_value());
  EXPECT_NEAR(r.rows[2].vs_baseline->mean_diff, 0.051, 1e-12);
  EXPECT_NEAR(r.rows[2].vs_baseline->t, 0.051 / (std::sqrt(0.00022 / 4) / std::sqrt(5.0)), 1e-6);
  EXPECT_TRUE(r.rows[2].vs_baseline->significant);
  // Differences -0.01, -0.03, 0.01, -0.04, -0.02 (the stats test's example / 10): t = -2.0925, p = 0.10454.
  ASSERT_TRUE(r.rows[0].vs_baseline.has_value());
  EXPECT_NEAR(r.rows[0].vs_baseline->t, -2.092457497388747, 1e-6);
  EXPECT_NEAR(r.rows[0].vs_baseline->p, 0.10453999977837543, 1e-6);
  EXPECT_FALSE(r.rows[0].vs_baseline->significant);
  // Holm over the three rows tested (weak, strong, knn; "incomplete" has no test): knn's p = 0 and strong's
  // p scale by 3 and 2, weak's (the largest) by 1.
  EXPECT_EQ(r.tested, 3u);
  EXPECT_NEAR(r.rows[2].p_holm, 2 * r.rows[2].vs_baseline->p, 1e-15);
  EXPECT_NEAR(r.rows[0].p_holm, r.rows[0].vs_baseline->p, 1e-15);
  EXPECT_TRUE(r.rows[2].significant);
  EXPECT_FALSE(r.rows[0].significant);
  EXPECT_TRUE(std::isnan(r.rows[4].p_holm));
  const auto j = results_json(r);
  EXPECT_EQ(j["best_model"], "strong");
  EXPECT_EQ(j["best_baseline"], "popularity");
  EXPECT_EQ(j["rows"][1]["vs_best_baseline"], "-");
  EXPECT_NEAR(j["rows"][0]["vs_best_baseline"]["p"].get<double>(), 0.10454, 1e-5);
  EXPECT_NEAR(j["rows"][0]["vs_best_baseline"]["p_holm"].get<double>(), 0.10454, 1e-5);
  EXPECT_EQ(j["select_metric"], "eval.auc");
  EXPECT_EQ(j["rows_tested"], 3);
  EXPECT_NEAR(j["rows"][1]["metrics"]["eval.auc"]["mean"].get<double>(), 0.79, 1e-12);
  EXPECT_TRUE(j["rows"][4]["metrics"]["test.auc"]["mean"].is_null());
}

TEST(ReproduceStats, TheEvalSplitSelectsAndTheTestSplitNever) {
  // "test-star" leads on test but trails on eval, among models and among baselines: neither is picked.
  const std::vector<double> a = {0.70, 0.71, 0.72}, b = {0.80, 0.81, 0.82};
  std::vector<RowResult> rows;
  rows.push_back(row("eval-star", false, a, b));
  rows.push_back(row("test-star", false, b, a));
  rows.push_back(row("base-eval-star", true, a, b));
  rows.push_back(row("base-test-star", true, b, a));
  TableMeta meta;
  meta.seeds = {1, 2, 3};
  const auto r = summarize(meta, {"test.auc"}, "eval.auc", rows);
  EXPECT_EQ(r.best_model, 0);
  EXPECT_EQ(r.best_baseline, 2);
  ASSERT_TRUE(r.rows[1].vs_baseline.has_value());
  EXPECT_NEAR(r.rows[1].vs_baseline->mean_diff, 0.10, 1e-12);  // tested on test, against the eval pick
  EXPECT_THROW(summarize(meta, {"test.auc"}, "test.auc", rows), std::invalid_argument);
}

TEST(ReproduceStats, HolmsCorrectionCanTakeAwayASignificanceThatOneTestAloneHas) {
  // Differences 0.02, 0.03, 0.01, 0.04, 0: t = 2.828 with 4 df, p = 0.0474 for each of two identical rows;
  // corrected over the two, p_Holm = 0.0949, and neither is significant.
  const std::vector<double> base = {0.78, 0.80, 0.79, 0.81, 0.77};
  const auto better = plus(base, {0.02, 0.03, 0.01, 0.04, 0.0});
  std::vector<RowResult> rows = {row("a", false, better), row("b", false, better), row("base", true, base)};
  TableMeta meta;
  meta.seeds = {1, 2, 3, 4, 5};
  const auto r = summarize(meta, {"test.auc"}, "eval.auc", rows);
  ASSERT_TRUE(r.rows[0].vs_baseline.has_value());
  EXPECT_NEAR(r.rows[0].vs_baseline->p, 0.047421, 1e-5);
  EXPECT_TRUE(r.rows[0].vs_baseline->significant);  // uncorrected
  EXPECT_NEAR(r.rows[0].p_holm, 2 * r.rows[0].vs_baseline->p, 1e-15);
  EXPECT_FALSE(r.rows[0].significant);
  EXPECT_FALSE(r.rows[1].significant);
  const std::string md = render_markdown(r);
  EXPECT_NE(md.find("| **a** | 0.8100 | "), std::string::npos) << md;  // the best model by eval (a tie: the first)
  EXPECT_NE(md.find("(p = 0.0474, p_Holm = 0.0948) n.s."), std::string::npos) << md;
  EXPECT_NE(md.find("does not differ significantly (5%, Holm) on test.auc"), std::string::npos) << md;
}

// The Markdown row of `label` (fails the test if there is none).
std::string line_of(const std::string& md, const std::string& label) {
  const auto at = md.find("| " + label);
  if (at == std::string::npos) {
    ADD_FAILURE() << "no row " << label << " in\n" << md;
    return "";
  }
  return md.substr(at, md.find('\n', at) - at);
}

TEST(ReproduceStats, MarkdownMarksSignificanceBaselinesAndTheBestModel) {
  const std::string md = render_markdown(constructed());
  EXPECT_STARTS_WITH(md, "# Constructed\n");
  EXPECT_NE(
      md.find("| model | eval.auc mean (selects) | test.auc mean ± sd [95% CI] | s/epoch | best epochs | vs "
              "best baseline (test.auc diff, p, p_Holm) |"),
      std::string::npos)
      << md;
  EXPECT_NE(line_of(md, "popularity")
                .find("| popularity (baseline) | 0.7900 | 0.7900 ± 0.0158 [0.7704, 0.8096] | 0.5 | "
                      "2, 3, 4, 5, 6 | - |"),
            std::string::npos)
      << md;
  EXPECT_NE(line_of(md, "**strong**").find("+0.0510 (p = "), std::string::npos) << md;
  EXPECT_NE(line_of(md, "**strong**").find(") *"), std::string::npos) << md;
  EXPECT_NE(line_of(md, "weak").find("-0.0180 (p = 0.105, p_Holm = 0.105) n.s."), std::string::npos) << md;
  EXPECT_NE(line_of(md, "knn (baseline)").find("-0.1000 (p = 0, p_Holm = 0) *"), std::string::npos)
      << md;  // constant gap
  EXPECT_NE(line_of(md, "incomplete").find("| incomplete | - | - |"), std::string::npos) << md;
  EXPECT_NE(md.find("The best model by eval.auc, strong (eval.auc 0.8410, test.auc 0.8410), beats the best "
                    "baseline by eval.auc, popularity (eval.auc 0.7900, test.auc 0.7900) on test.auc "
                    "significantly (5%, Holm): mean difference in test.auc +0.0510 over 5 seeds"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- selection: the best model and the best baseline are the rows of highest mean eval.auc "
                    "(the eval split); the test split never selects\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("with Holm's correction over the 3 rows tested"), std::string::npos) << md;
  EXPECT_NE(md.find("- data set: synthetic\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- seeds: 1, 2, 3, 4, 5 (n = 5)"), std::string::npos) << md;
  EXPECT_NE(md.find("Commit `abc123`"), std::string::npos) << md;
  EXPECT_NE(md.find("Command: `emorec reproduce constructed`"), std::string::npos) << md;
}

TEST(ReproduceStats, ProtocolDifferencesAreNamedPerRow) {
  auto rows = constructed().rows;
  rows[3].protocol["data.split"] = "[0.8, 0.1, 0.1]";
  const std::string md = render_markdown(summarize(constructed().meta, {"test.auc"}, "eval.auc", rows));
  EXPECT_NE(md.find("- train/eval/test split (data.split) differs per row: weak: [0.6, 0.2, 0.2];"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find(" knn: [0.8, 0.1, 0.1];"), std::string::npos) << md;
}

// The run folders of a table folder with their modification times.
std::map<std::string, fs::file_time_type> runs_in(const std::string& folder) {
  std::map<std::string, fs::file_time_type> out;
  for (const auto& e : fs::recursive_directory_iterator(folder + "/runs")) {
    if (e.path().filename() == "summary.json") out[e.path().string()] = e.last_write_time();
  }
  return out;
}

TEST(Reproduce, TinyTableOnSyntheticDataEndToEndAndResume) {
  test::TempDir tmp;
  const std::string src = std::string(EMOREC_SOURCE_DIR) + "/configs/kg/";
  test::write_file(tmp.file("tiny.yaml"),
                   "title: Tiny\n"
                   "seeds: [1, 2]\n"
                   "set: [device=cpu, train.epochs=2, data.synthetic.users=60, data.synthetic.items=50]\n"
                   "metrics: [test.auc, test.f1, test.acc]\n"
                   "plots: [test.auc, train.loss]\n"
                   "rows:\n"
                   "  - label: KGCN\n"
                   "    config: " +
                       src +
                       "kgcn_synthetic.yaml\n"
                       "  - label: Popularity\n"
                       "    config: " +
                       src +
                       "baselines/popularity_lastfm.yaml\n"
                       "    set: [data.dataset=synthetic, data.neighbor_sample_size=4, train.epochs=1]\n"
                       "    baseline: true\n");
  ReproduceOptions options;
  options.runs_dir = tmp.file("runs");
  options.progress = false;
  std::vector<std::string> lines;
  options.on_run = [&](const std::string& line) { lines.push_back(line); };
  const auto table = load_table(tmp.file("tiny.yaml"));
  const auto out = reproduce_table(table, options);
  EXPECT_EQ(out.trained, 4);
  EXPECT_EQ(lines.size(), 4u);
  EXPECT_EQ(fs::path(out.folder).parent_path(), fs::path(tmp.file("runs/tables/tiny")));
  for (const char* f : {"table.md", "results.json", "table.yaml", "test_auc.png", "train_loss.png"}) {
    EXPECT_TRUE(fs::is_regular_file(fs::path(out.folder) / f)) << f;
  }
  const auto results = nlohmann::json::parse(test::read_file(out.folder + "/results.json"));
  ASSERT_EQ(results["rows"].size(), 2u);
  for (const auto& r : results["rows"]) {
    ASSERT_EQ(r["seeds"].size(), 2u) << r.dump();
    for (const auto& s : r["seeds"]) {
      for (const char* k : {"test.auc", "test.f1", "test.acc"}) {
        ASSERT_TRUE(s["metrics"][k].is_number()) << r.dump();
        EXPECT_TRUE(std::isfinite(s["metrics"][k].get<double>()));
      }
    }
  }
  EXPECT_EQ(results["best_baseline"], "Popularity");
  EXPECT_TRUE(results["rows"][0]["vs_best_baseline"].is_object());
  EXPECT_NE(test::read_file(out.folder + "/table.md").find("| Popularity (baseline) |"), std::string::npos);

  // Resuming the complete folder trains nothing and leaves every run as it was.
  const auto before = runs_in(out.folder);
  EXPECT_EQ(before.size(), 4u);
  options.resume = out.folder;
  const auto again = reproduce_table(table, options);
  EXPECT_EQ(again.trained, 0);
  EXPECT_EQ(again.reused, 4);
  EXPECT_EQ(runs_in(out.folder), before);
  EXPECT_EQ(results_json(again.results)["rows"], results["rows"]);

  // An incomplete run is removed and trained again; another config than the runs' is refused.
  fs::remove(fs::path(results["rows"][1]["seeds"][0]["run"].get<std::string>()) / "summary.json");
  const auto third = reproduce_table(table, options);
  EXPECT_EQ(third.trained, 1);
  EXPECT_EQ(third.reused, 3);
  EXPECT_EQ(runs_in(out.folder).size(), 4u);
  options.sets = {"train.epochs=3"};
  EXPECT_THROW(reproduce_table(table, options), ConfigError);
}

TEST(Reproduce, CrossValidatedTableRunsEveryFoldOfEverySeed) {
  EMOREC_REQUIRE_DATASET("spotify-moods");
  test::TempDir tmp;
  const std::string src = std::string(EMOREC_SOURCE_DIR) + "/configs/mood/";
  test::write_file(tmp.file("cv.yaml"),
                   "title: CV\n"
                   "seeds: [1, 2]\n"
                   "folds: 3\n"
                   "set: [device=cpu, threads=1, train.epochs=2, data.root=" + test::data_root() + "]\n"
                   "metrics: [test.acc, test.f1]\n"
                   "select: eval.acc\n"
                   "rows:\n"
                   "  - label: logistic\n"
                   "    config: " + src + "logistic.yaml\n"
                   "  - label: majority\n"
                   "    config: " + src + "majority.yaml\n"
                   "    baseline: true\n");
  ReproduceOptions options;
  options.runs_dir = tmp.file("runs");
  options.progress = false;
  const auto out = reproduce_table(load_table(tmp.file("cv.yaml")), options);
  EXPECT_EQ(out.trained, 12);  // 2 rows x 2 seeds x 3 folds
  const auto results = nlohmann::json::parse(test::read_file(out.folder + "/results.json"));
  EXPECT_EQ(results["folds"], 3);
  const auto& runs = results["rows"][0]["seeds"];
  ASSERT_EQ(runs.size(), 6u);
  std::set<std::pair<int64_t, int64_t>> pairs;
  for (const auto& r : runs) pairs.insert({r["seed"].get<int64_t>(), r["fold"].get<int64_t>()});
  EXPECT_EQ(pairs.size(), 6u);
  EXPECT_TRUE(fs::is_directory(out.folder + "/runs/logistic_seed2_fold1"));
  // Every track is tested once per seed: the summed confusion of a row counts 686 tracks x 2 seeds.
  EXPECT_TRUE(fs::is_regular_file(out.folder + "/confusion_test_logistic.png"));
  std::vector<std::string> classes;
  const auto counts = report::summed_confusion({"logistic", {}}, "test", &classes);
  EXPECT_TRUE(counts.empty());  // no runs, nothing summed
  report::TableCurveRow row{"logistic", {}};
  for (const auto& r : runs) row.run_dirs.push_back(r["run"].get<std::string>());
  long long total = 0;
  for (const auto& line : report::summed_confusion(row, "test", &classes)) {
    for (long long c : line) total += c;
  }
  EXPECT_EQ(total, 2 * 686);
  EXPECT_EQ(classes, (std::vector<std::string>{"Happy", "Sad", "Energetic", "Calm"}));
  const auto md = test::read_file(out.folder + "/table.md");
  EXPECT_NE(md.find("corrected resampled t-test over seeds x folds (n = 6)"), std::string::npos) << md;
  EXPECT_NE(error_of(replace(kTable, "seeds: [1, 2, 3]\n", "seeds: [1, 2, 3]\nfolds: 1\n")).find("folds: cross-validation needs 2"),
            std::string::npos);
}

}  // namespace
}  // namespace emorec::run
