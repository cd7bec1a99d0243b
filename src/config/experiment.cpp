// Fields, defaults and rules of ExperimentConfig, and its loading from YAML.
#include "config/experiment.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "config/doc_writer.h"
#include "config/overrides.h"
#include "config/yaml_reader.h"
#include "config/yaml_writer.h"
#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/negative_sampling.h"
#include "models/registry.h"
#include "train/optimizer.h"
#include "train/schedule.h"

namespace emorec::config {

void DataConfig::visit(ConfigVisitor& v) {
  v.field("dataset", dataset, StringRule::one_of(data::trainable_dataset_names(), "dataset"),
          "data set, by registry name (`emorec datasets` lists them)", true);
  v.field("root", root, StringRule::any(),
          "data root; empty means $EMOREC_DATA if set, else ../shared/data (relative to the working directory)");
  v.field("rating_threshold", rating_threshold, NumberRule::any(),
          "interactions whose weight is >= this are positives (KGCN uses 0 for Last.FM)");
  v.field("negatives", negatives, StringRule::one_of(data::negative_sampling_names(), "negative sampling"),
          "how each user's negatives (as many as positives) are drawn from the items the user never listened to: "
          "uniform (KGCN), popularity (proportional to the number of users with the item as a positive, + 1) or "
          "inverse_popularity (proportional to its inverse)");
  v.field("split", split, NumberRule::probability(), 3, "train / eval / test fractions of the interactions");
  double total = 0;
  for (double f : split) total += f;
  if (std::abs(total - 1.0) > 1e-9) {
    v.reject("split", "fractions must sum to 1, got " + format_number(total));
  }
  if (split.size() == 3 && (split[0] <= 0 || split[1] <= 0 || split[2] <= 0)) {
    v.reject("split", "every fraction must be positive");
  }
  v.field("neighbor_sample_size", neighbor_sample_size, IntRule::range(1, 1024),
          "K: neighbours sampled per entity (with replacement when an entity has fewer)");
}

void ModelConfig::visit(ConfigVisitor& v) {
  v.field("name", name, StringRule::one_of(models::model_names(), "model"), "model, by registry name", true);
  v.field("dim", dim, IntRule::range(1, 4096), "embedding size (kg/kgcn, baseline/bpr_mf)");
  v.field("n_iter", n_iter, IntRule::range(1, 4), "hops of neighbour aggregation (kg/kgcn)");
  v.field("aggregator", aggregator, StringRule::one_of({"sum", "concat", "neighbor"}, "aggregator"),
          "how an entity and its aggregated neighbourhood combine (KGCN)");
  v.field("knn_k", knn_k, IntRule::range(1, 1 << 20), "neighbours kept per item (baseline/item_knn)");
}

void OptimizerConfig::visit(ConfigVisitor& v) {
  v.field("name", name, StringRule::one_of(train::optimizer_names(), "optimizer"), "optimiser, by name");
  v.field("lr", lr, NumberRule::positive(), "learning rate");
  v.field("weight_decay", weight_decay, NumberRule::non_negative(),
          "L2 weight decay applied by the optimiser to the gradient (coupled, as LibTorch's Adam and SGD do; "
          "KGCN's L2 is train.l2_weight instead)");
  v.field("beta1", beta1, NumberRule::range(0, 0.999999), "Adam's first-moment decay");
  v.field("beta2", beta2, NumberRule::range(0, 0.999999999), "Adam's second-moment decay");
  v.field("momentum", momentum, NumberRule::range(0, 0.999999), "SGD momentum");
  v.field("nesterov", nesterov, "SGD with Nesterov momentum");
}

void ScheduleConfig::visit(ConfigVisitor& v) {
  v.field("name", name, StringRule::one_of(train::schedule_names(), "schedule"),
          "learning-rate schedule over epochs, by name");
  v.field("step_size", step_size, IntRule::at_least(1), "step: epochs between decays");
  v.field("gamma", gamma, NumberRule::positive(), "step: factor applied at each decay");
  v.field("min_lr", min_lr, NumberRule::non_negative(), "cosine: the floor the rate decays towards (reached after the last epoch)");
}

void TrainConfig::visit(ConfigVisitor& v) {
  v.field("epochs", epochs, IntRule::range(1, 100000), "training epochs");
  v.field("batch_size", batch_size, IntRule::range(1, 1 << 24), "interactions per step");
  v.field("drop_last", drop_last, "skip the last partial batch of each epoch (as KGCN does)");
  v.field("l2_weight", l2_weight, NumberRule::non_negative(),
          "weight of the L2 term added to the loss: l2_weight * sum(||W||^2 / 2) over the embedding tables and "
          "aggregator weights (KGCN)");
  v.section("optimizer", "optimiser and its hyper-parameters", [&](ConfigVisitor& s) { optimizer.visit(s); });
  v.section("schedule", "learning-rate schedule", [&](ConfigVisitor& s) { schedule.visit(s); });
}

void EvalConfig::visit(ConfigVisitor& v) {
  v.field("batch_size", batch_size, IntRule::range(1, 1 << 24), "interactions per evaluation batch");
  v.field("select_metric", select_metric, StringRule::one_of({"auc", "acc", "f1"}, "metric"),
          "metric on the eval split that selects the best epoch (test is never used for selection)");
  v.field("threshold", threshold, NumberRule::probability(),
          "predicted probability at or above which an interaction counts as positive (accuracy, F1)");
  v.field("batched_protocol", batched_protocol, IntRule::range(0, 1 << 24),
          "if > 0, also report AUC and F1 as KGCN's reference code computes them: averaged over consecutive "
          "batches of this many rows, the last partial batch dropped (auc_batched, f1_batched); 0: off");
}

void ReferenceConfig::visit(ConfigVisitor& v) {
  v.field("source", source, StringRule::any(), "where the reference numbers come from");
  v.field("auc", auc, NumberRule::probability(), "reported test AUC");
  v.field("acc", acc, NumberRule::probability(), "reported test accuracy");
  v.field("f1", f1, NumberRule::probability(), "reported test F1");
}

void OutputConfig::visit(ConfigVisitor& v) {
  v.field("runs_dir", runs_dir, StringRule::any(), "folder that receives runs/<experiment>/<timestamp>-<id>/");
}

void ExperimentConfig::visit(ConfigVisitor& v) {
  v.field("experiment", experiment, StringRule::any(), "experiment name; names the run folder", true);
  if (experiment.find('/') != std::string::npos || experiment == "." || experiment == "..") {
    v.reject("experiment", "must be a plain name (no '/'), got \"" + experiment + "\"");
  }
  v.field("description", description, StringRule::any(), "free text");
  v.field("seed", seed, IntRule::range(0, (int64_t{1} << 32) - 1),
          "seeds every RNG: negative sampling, split, neighbour sampling, initialisation, shuffling");
  v.field("device", device, StringRule::one_of({"auto", "cpu", "cuda"}, "device"),
          "where to train; auto picks cuda when a GPU is usable");
  v.field("threads", threads, IntRule::range(0, 1024), "CPU intra-op threads; 0 keeps LibTorch's default");
  v.section("data", "data set and preprocessing", [&](ConfigVisitor& s) { data.visit(s); });
  v.section("model", "model and its hyper-parameters", [&](ConfigVisitor& s) { model.visit(s); });
  v.section("train", "training loop", [&](ConfigVisitor& s) { train.visit(s); });
  v.section("eval", "evaluation and model selection", [&](ConfigVisitor& s) { eval.visit(s); });
  v.section("reference", "the paper's numbers, printed beside ours", [&](ConfigVisitor& s) { reference.visit(s); });
  v.section("output", "where runs are written", [&](ConfigVisitor& s) { output.visit(s); });
}

namespace {
ExperimentConfig read_experiment(const YAML::Node& root, const YamlSource& source, const std::string& origin);
}  // namespace

ExperimentConfig parse_experiment(const std::string& yaml, const std::string& origin,
                                  const std::vector<std::string>& overrides) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(origin + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
  }
  YamlSource source{origin, {}};
  if (root.IsDefined() && !root.IsNull() && !root.IsMap()) {
    throw ConfigError(origin + ": expected a mapping of experiment settings at the top level");
  }
  apply_overrides(root, overrides, source);
  try {
    return read_experiment(root, source, origin);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin + ": " + e.what());
  }
}

namespace {
ExperimentConfig read_experiment(const YAML::Node& root, const YamlSource& source, const std::string& origin) {
  // Filled on the heap and moved out: in the sanitizer build (GCC 12), unwinding out of this function with
  // a named return value destroyed an object that was never constructed there; this path avoids it.
  auto config = std::make_unique<ExperimentConfig>();
  YamlReader reader(root, "", source);
  config->visit(reader);
  reader.finish();
  config->source_file = origin;
  return std::move(*config);
}
}  // namespace

ExperimentConfig load_experiment(const std::string& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path)) throw ConfigError(path + ": cannot open the config file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_experiment(text.str(), path, overrides);
}

std::string experiment_to_yaml(const ExperimentConfig& config) {
  ExperimentConfig copy = config;
  return to_yaml(copy);
}

std::string experiment_reference() { return config_reference<ExperimentConfig>(); }

}  // namespace emorec::config
