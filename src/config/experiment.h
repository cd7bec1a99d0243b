// ExperimentConfig: the typed form of an experiment YAML file. Defaults live here, in code; docs/CONFIG.md
// is generated from `visit` (emorec config docs), which is also what the strict reader and writer walk.
// Components chosen by name (model, optimiser, schedule) carry their own options, defined and validated by
// the component (config/component.h); the names and options reach this layer as `Choices` from the
// registries, so nothing here includes a higher layer.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/component.h"
#include "config/visitor.h"

namespace emorec::config {

// The data set: a registry name, the data root, and the data set's own keys (data/kg_data_config.h,
// data/fer/image_data_config.h), which sit beside data.dataset.
struct DataConfig {
  std::string dataset;  // registry name, e.g. kgcn-lastfm
  std::string root;     // empty: $EMOREC_DATA, else ../shared/data
  ComponentOptions options;
  void visit(ConfigVisitor& v);
};

// Training-time augmentation of image batches (fer2013), applied on the training device.
struct AugmentConfig {
  std::string crop = "center";                  // center | random | five: how input_size crops are taken
  int64_t crop_padding = 0;                      // random shift by up to this many pixels, zero fill
  double resized_crop = 0.0;                     // probability of a random resized crop
  std::vector<double> resized_crop_scale = {0.8, 1.0};
  std::vector<double> resized_crop_ratio = {0.75, 4.0 / 3.0};
  double translate = 0.0;                        // max shift as a fraction of the side
  double translate_prob = 0.0;
  double rotation = 0.0;                         // max degrees either way
  double rotation_prob = 0.0;
  double hflip = 0.0;                            // probability of a horizontal flip
  double jitter_prob = 0.0;                      // probability of brightness/contrast jitter
  double brightness = 0.0, contrast = 0.0;       // jitter factors drawn from [1 - x, 1 + x]
  double erasing = 0.0;                          // probability of random erasing
  std::vector<double> erasing_scale = {0.02, 0.33};
  std::vector<double> erasing_ratio = {0.3, 3.3};
  void visit(ConfigVisitor& v);
  bool any_random() const;
};

// The model: a registry name and that model's own options (e.g. models/kg/kgcn_config.h).
struct ModelConfig {
  std::string name;  // registry name, e.g. kg/kgcn
  ComponentOptions options;
  void visit(ConfigVisitor& v);
};

// The optimiser: a name, the keys every optimiser has, and its own options (train/optimizer.h).
struct OptimizerConfig {
  std::string name = "adam";
  ComponentOptions options;
  double lr = 5e-4;
  double weight_decay = 0.0;
  void visit(ConfigVisitor& v);
};

// The learning-rate schedule: a name and its own options (train/schedule.h).
struct ScheduleConfig {
  std::string name = "constant";
  ComponentOptions options;
  void visit(ConfigVisitor& v);
};

// Data-parallel training under `emorec launch` (train/data_parallel.h); ignored by a single process.
struct DistributedConfig {
  std::string backend = "auto";  // auto | gloo | nccl
  double timeout_s = 300;        // rendezvous and every collective
  double bucket_mb = 25;         // gradient all-reduce bucket size
  bool overlap = true;           // start a bucket's all-reduce during the backward pass
  void visit(ConfigVisitor& v);
};

struct TrainConfig {
  int64_t epochs = 10;
  int64_t batch_size = 128;
  bool drop_last = true;  // KGCN skips the last partial batch of each epoch
  double l2_weight = 1e-4;
  double label_smoothing = 0.0;        // classification (fer)
  std::string amp = "none";            // none | bf16: autocast precision of forward passes
  bool channels_last = false;          // NHWC memory format for convolutions
  bool cudnn_benchmark = true;         // let cuDNN time and pick convolution algorithms
  int64_t early_stopping_patience = 0;  // stop after this many epochs without a better eval metric; 0: off
  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  DistributedConfig distributed;
  void visit(ConfigVisitor& v);
};

struct EvalConfig {
  int64_t batch_size = 4096;
  std::string select_metric = "auc";  // eval-split metric that picks the best epoch
  double threshold = 0.5;             // probability at or above which a prediction is positive
  int64_t batched_protocol = 0;       // also report KGCN's batch-averaged AUC/F1 over batches of this size
  bool ten_crop = false;              // fer: average the logits of ten crops (corners, centre, mirrored)
  std::string topk_protocol = "none";  // KG: none | full | sampled | both (train/kg_topk.h)
  std::vector<int64_t> topk = {1, 2, 5, 10, 20, 50, 100};  // KG: the cut-offs K
  int64_t topk_users = 0;              // KG: 0 every test user, else a seeded sample of this many
  int64_t topk_negatives = 100;        // KG, sampled protocol: N items ranked against each test positive
  void visit(ConfigVisitor& v);
};

// The paper's test-set numbers for this experiment, printed beside ours.
struct ReferenceConfig {
  std::string source;
  std::optional<double> auc;
  std::optional<double> acc;
  std::optional<double> f1;
  std::string split = "test";  // where the reported numbers were measured: test | eval+test
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
  AugmentConfig augment;
  TrainConfig train;
  EvalConfig eval;
  ReferenceConfig reference;
  OutputConfig output;

  std::string source_file;  // where it was read from (not a field)
  void visit(ConfigVisitor& v);
};

// The choice sets an ExperimentConfig reads: "dataset", "model", "optimizer" and "schedule" (names and
// options; a data set's or model's entry may add checks across sections). run/components.h assembles them from the registries.
// Reads `path`, applies the `--set` assignments, and fills an ExperimentConfig strictly.
ExperimentConfig load_experiment(const std::string& path, const Choices& choices,
                                 const std::vector<std::string>& overrides = {});

// Same, from YAML text (`origin` names it in messages).
ExperimentConfig parse_experiment(const std::string& yaml, const std::string& origin, const Choices& choices,
                                  const std::vector<std::string>& overrides = {});

// The resolved config as YAML (all fields, defaults included, each chosen component's options).
std::string experiment_to_yaml(const ExperimentConfig& config, const Choices& choices);

// docs/CONFIG.md's tables: every key, then each component's own keys.
std::string experiment_reference(const Choices& choices);

}  // namespace emorec::config
