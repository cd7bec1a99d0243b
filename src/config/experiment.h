// ExperimentConfig: the typed form of an experiment YAML file. Defaults live here, in code; docs/CONFIG.md
// is generated from `visit` (emorec config docs), which is also what the strict reader and writer walk.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/visitor.h"

namespace emorec::config {

struct DataConfig {
  std::string dataset;                          // registry name, e.g. kgcn-lastfm
  std::string root;                             // empty: $EMOREC_DATA, else ../shared/data
  double rating_threshold = 0.0;                // interactions with weight >= threshold are positives
  std::string negatives = "uniform";            // negative-sampling protocol of the CTR rows
  std::vector<double> split = {0.6, 0.2, 0.2};  // train / eval / test fractions
  int64_t neighbor_sample_size = 8;             // K neighbours sampled per entity
  void visit(ConfigVisitor& v);
};

struct ModelConfig {
  std::string name;                // registry name, e.g. kg/kgcn
  int64_t dim = 16;                // embedding size
  int64_t n_iter = 1;              // hops of neighbour aggregation
  std::string aggregator = "sum";  // sum | concat | neighbor
  int64_t knn_k = 100;             // neighbours per item (baseline/item_knn)
  void visit(ConfigVisitor& v);
};

struct OptimizerConfig {
  std::string name = "adam";
  double lr = 5e-4;
  double weight_decay = 0.0;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double momentum = 0.9;
  bool nesterov = false;
  void visit(ConfigVisitor& v);
};

struct ScheduleConfig {
  std::string name = "constant";
  int64_t step_size = 1;  // epochs between decays (step)
  double gamma = 0.1;     // decay factor (step)
  double min_lr = 0.0;    // floor of the cosine schedule
  void visit(ConfigVisitor& v);
};

struct TrainConfig {
  int64_t epochs = 10;
  int64_t batch_size = 128;
  bool drop_last = true;  // KGCN skips the last partial batch of each epoch
  double l2_weight = 1e-4;
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  void visit(ConfigVisitor& v);
};

struct EvalConfig {
  int64_t batch_size = 4096;
  std::string select_metric = "auc";  // eval-split metric that picks the best epoch
  double threshold = 0.5;             // probability at or above which a prediction is positive
  int64_t batched_protocol = 0;       // also report KGCN's batch-averaged AUC/F1 over batches of this size
  void visit(ConfigVisitor& v);
};

// The paper's test-set numbers for this experiment, printed beside ours.
struct ReferenceConfig {
  std::string source;
  std::optional<double> auc;
  std::optional<double> acc;
  std::optional<double> f1;
  void visit(ConfigVisitor& v);
};

struct OutputConfig {
  std::string runs_dir = "runs";
  void visit(ConfigVisitor& v);
};

struct ExperimentConfig {
  std::string experiment;  // names the run folder runs/<experiment>/
  std::string description;
  int64_t seed = 0;
  std::string device = "auto";
  int64_t threads = 0;  // intra-op threads for CPU work; 0 keeps LibTorch's default
  DataConfig data;
  ModelConfig model;
  TrainConfig train;
  EvalConfig eval;
  ReferenceConfig reference;
  OutputConfig output;

  std::string source_file;  // where it was read from (not a field)
  void visit(ConfigVisitor& v);
};

// Reads `path`, applies the `--set` assignments, and fills an ExperimentConfig strictly.
ExperimentConfig load_experiment(const std::string& path, const std::vector<std::string>& overrides = {});

// Same, from YAML text (`origin` names it in messages).
ExperimentConfig parse_experiment(const std::string& yaml, const std::string& origin,
                                  const std::vector<std::string>& overrides = {});

// The resolved config as YAML (all fields, defaults included).
std::string experiment_to_yaml(const ExperimentConfig& config);

// docs/CONFIG.md's table.
std::string experiment_reference();

}  // namespace emorec::config
