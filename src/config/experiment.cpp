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

namespace emorec::config {

void DataConfig::visit(ConfigVisitor& v) {
  v.field("root", root, StringRule::any(),
          "data root; empty means $EMOREC_DATA if set, else ../shared/data (relative to the working directory)");
  v.choice("dataset", dataset, options, "dataset",
           "data set, by registry name (`emorec datasets` lists them); its own keys follow (see below)", true);
}

void AugmentConfig::visit(ConfigVisitor& v) {
  v.field("crop", crop, StringRule::one_of({"center", "random", "five", "ten"}, "crop"),
          "training crops of data.input_size: center, random position, five (four corners and centre) or ten "
          "(those and their mirror images); with five and ten the loss is taken on the crops' mean logits, as "
          "Khaireddin and Chen train");
  v.field("crop_padding", crop_padding, IntRule::range(0, 24),
          "random crop with padding: shift each image by up to this many pixels, filling with zeros");
  v.field("resized_crop", resized_crop, NumberRule::probability(),
          "probability of a random resized crop (torchvision RandomResizedCrop semantics)");
  v.field("resized_crop_scale", resized_crop_scale, NumberRule::range(0.01, 4), 2,
          "range of the crop's area as a fraction of the image (draws that do not fit are retried, then the "
          "whole image is used)");
  v.field("resized_crop_ratio", resized_crop_ratio, NumberRule::range(0.1, 10), 2,
          "range of the crop's aspect ratio (drawn log-uniformly)");
  v.field("translate", translate, NumberRule::range(0, 0.5), "largest random shift, as a fraction of the side");
  v.field("translate_prob", translate_prob, NumberRule::probability(), "probability of a random shift");
  v.field("rotation", rotation, NumberRule::range(0, 180), "largest random rotation in degrees, either way");
  v.field("rotation_prob", rotation_prob, NumberRule::probability(), "probability of a random rotation");
  v.field("hflip", hflip, NumberRule::probability(), "probability of a horizontal flip");
  v.field("jitter_prob", jitter_prob, NumberRule::probability(),
          "probability of brightness and contrast jitter");
  v.field("brightness", brightness, NumberRule::range(0, 1), "brightness factor drawn from [1 - x, 1 + x]");
  v.field("contrast", contrast, NumberRule::range(0, 1), "contrast factor drawn from [1 - x, 1 + x]");
  v.field("erasing", erasing, NumberRule::probability(),
          "probability of random erasing (a rectangle set to 0 after normalisation; torchvision semantics)");
  v.field("erasing_scale", erasing_scale, NumberRule::range(0.001, 1), 2, "range of the erased area fraction");
  v.field("erasing_ratio", erasing_ratio, NumberRule::range(0.05, 20), 2, "range of the erased aspect ratio");
  for (const auto* range : {&resized_crop_scale, &resized_crop_ratio, &erasing_scale, &erasing_ratio}) {
    if (range->size() == 2 && (*range)[0] > (*range)[1]) {
      v.reject(range == &resized_crop_scale   ? "resized_crop_scale"
               : range == &resized_crop_ratio ? "resized_crop_ratio"
               : range == &erasing_scale      ? "erasing_scale"
                                              : "erasing_ratio",
               "the range's low end is above its high end");
    }
  }
}

bool AugmentConfig::any_random() const {
  return crop != "center" || crop_padding > 0 || resized_crop > 0 || translate_prob > 0 || rotation_prob > 0 ||
         hflip > 0 || jitter_prob > 0 || erasing > 0;
}

void ModelConfig::visit(ConfigVisitor& v) {
  v.choice("name", name, options, "model", "model, by registry name; its own keys follow (see below)", true);
}

void OptimizerConfig::visit(ConfigVisitor& v) {
  v.choice("name", name, options, "optimizer", "optimiser, by name; its own keys follow (see below)", false);
  v.field("lr", lr, NumberRule::positive(), "learning rate");
  v.field("weight_decay", weight_decay, NumberRule::non_negative(),
          "L2 weight decay applied by the optimiser to the gradient (coupled, as LibTorch's Adam and SGD do; "
          "KGCN's L2 is train.l2_weight instead)");
}

void ScheduleConfig::visit(ConfigVisitor& v) {
  v.choice("name", name, options, "schedule",
           "learning-rate schedule over epochs, by name; its own keys follow (see below)", false);
}

void TrainConfig::visit(ConfigVisitor& v) {
  v.field("epochs", epochs, IntRule::range(1, 100000), "training epochs");
  v.field("batch_size", batch_size, IntRule::range(1, 1 << 24), "interactions per step");
  v.field("drop_last", drop_last, "skip the last partial batch of each epoch (as KGCN does)");
  v.field("l2_weight", l2_weight, NumberRule::non_negative(),
          "weight of the L2 term added to the loss: l2_weight * sum(||W||^2 / 2) over the embedding tables and "
          "aggregator weights (KGCN)");
  v.field("label_smoothing", label_smoothing, NumberRule::range(0, 0.99),
          "classification: cross-entropy against targets smoothed by this much (fer)");
  v.field("amp", amp, StringRule::one_of({"none", "bf16"}, "precision"),
          "automatic mixed precision: bf16 runs forward passes under autocast to bfloat16 (fer; meant for CUDA)");
  v.field("channels_last", channels_last, "NHWC memory format for images and convolution weights (fer; CPU and CUDA)");
  v.field("cudnn_benchmark", cudnn_benchmark, "let cuDNN time and pick convolution algorithms (CUDA)");
  v.field("early_stopping_patience", early_stopping_patience, IntRule::range(0, 100000),
          "stop once this many epochs in a row have not improved the eval metric; 0: never");
  v.section("optimizer", "optimiser and its hyper-parameters", [&](ConfigVisitor& s) { optimizer.visit(s); });
  v.section("schedule", "learning-rate schedule", [&](ConfigVisitor& s) { schedule.visit(s); });
  v.section("distributed", "data-parallel training under emorec launch (docs/SCALE.md)",
            [&](ConfigVisitor& s) { distributed.visit(s); });
}

void DistributedConfig::visit(ConfigVisitor& v) {
  v.field("backend", backend, StringRule::one_of({"auto", "gloo", "nccl"}, "backend"),
          "c10d process group: gloo (CPU tensors), nccl (CUDA), auto (nccl for a CUDA device, else gloo)");
  v.field("timeout_s", timeout_s, NumberRule::range(1, 86400),
          "seconds the rendezvous and each collective may wait for the other ranks before the rank fails");
  v.field("bucket_mb", bucket_mb, NumberRule::range(0.001, 4096), "gradients per all-reduce bucket, in MiB");
  v.field("overlap", overlap,
          "start each bucket's all-reduce during the backward pass, as soon as its gradients exist");
}

void EvalConfig::visit(ConfigVisitor& v) {
  v.field("batch_size", batch_size, IntRule::range(1, 1 << 24),
          "interactions per evaluation batch (KG), images (fer), tracks; audio: chunks, at most "
          "train.batch_size");
  v.field("select_metric", select_metric, StringRule::one_of({"auc", "acc", "f1", "pr_auc"}, "metric"),
          "metric on the eval split that selects the best epoch (test is never used for selection); audio "
          "tagging reports auc (ROC-AUC) and pr_auc, macro over tags");
  v.field("threshold", threshold, NumberRule::probability(),
          "predicted probability at or above which an interaction counts as positive (accuracy, F1)");
  v.field("batched_protocol", batched_protocol, IntRule::range(0, 1 << 24),
          "if > 0, also report AUC and F1 as KGCN's reference code computes them: averaged over consecutive "
          "batches of this many rows, the last partial batch dropped (auc_batched, f1_batched); 0: off");
  v.field("ten_crop", ten_crop, "fer: evaluate on ten crops of data.input_size (four corners and centre, and their "
          "mirror images) and average their logits");
  v.field("topk_protocol", topk_protocol, StringRule::one_of({"none", "full", "sampled", "both"}, "top-K protocol"),
          "KG: top-K ranking on the test split, once, with the best epoch's model: full (every item except the "
          "user's training positives; relevant: the user's test positives), sampled (each test positive against "
          "eval.topk_negatives uniform draws from the items the user has no positive for), both, or none. Written "
          "as the splits topk_full / topk_sampled (precision@K, recall@K, ndcg@K)");
  v.field("topk", topk, IntRule::at_least(1), "KG: the cut-offs K of the top-K metrics");
  v.field("topk_users", topk_users, IntRule::range(0, 1 << 30),
          "KG: rank for every test user (0) or for a sample of this many, seeded by the experiment seed");
  v.field("topk_negatives", topk_negatives, IntRule::range(1, 1 << 20),
          "KG, sampled protocol: items drawn per test positive (the 1 + N protocol)");
}

void ReferenceConfig::visit(ConfigVisitor& v) {
  v.field("source", source, StringRule::any(), "where the reference numbers come from");
  v.field("auc", auc, NumberRule::probability(), "reported test AUC");
  v.field("acc", acc, NumberRule::probability(), "reported test accuracy");
  v.field("f1", f1, NumberRule::probability(), "reported test F1");
  v.field("split", split, StringRule::one_of({"test", "eval+test"}, "split"),
          "where the reported numbers were measured: the test split, or eval and test together");
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
  v.section("augment", "training-time augmentation of image batches (fer)",
            [&](ConfigVisitor& s) { augment.visit(s); });
  v.section("train", "training loop", [&](ConfigVisitor& s) { train.visit(s); });
  v.section("eval", "evaluation and model selection", [&](ConfigVisitor& s) { eval.visit(s); });
  v.section("reference", "the paper's numbers, printed beside ours", [&](ConfigVisitor& s) { reference.visit(s); });
  v.section("output", "where runs are written", [&](ConfigVisitor& s) { output.visit(s); });
  const auto family = [&](const char* kind, const std::string& name) -> std::string {
    const auto& entries = v.choices().at(kind).entries;
    const auto it = entries.find(name);
    return it == entries.end() ? "" : it->second.family;
  };
  const std::string data_family = family("dataset", data.dataset), model_family = family("model", model.name);
  // What each family of data sets is and which models train on it, for the message.
  const auto data_phrase = [](const std::string& f) {
    return f == "images"   ? "an image data set"
           : f == "tracks" ? "a tracks data set"
           : f == "audio"  ? "an audio data set"
                           : "a KG data set";
  };
  const auto model_phrase = [](const std::string& f) {
    return f == "images"   ? "a fer/ model"
           : f == "tracks" ? "a tracks/ model"
           : f == "audio"  ? "an audio/ model"
                           : "a kg/ or baseline/ model";
  };
  if (!data.dataset.empty() && !model.name.empty() && data_family != model_family) {
    v.reject("model", "model " + model.name + " cannot train on data set " + data.dataset + " (" +
                          data_phrase(data_family) + " needs " + model_phrase(data_family) + "; " + model.name +
                          " needs " + data_phrase(model_family) + ")");
  }
  if ((data_family == "images" || data_family == "tracks") && eval.select_metric == "auc") {
    v.reject("eval", "select_metric: auc is not reported by " +
                         std::string(data_family == "images" ? "image" : "track") + " classifiers (use acc or f1)");
  }
  if (data_family == "audio" && (eval.select_metric == "acc" || eval.select_metric == "f1")) {
    v.reject("eval", "select_metric: " + eval.select_metric +
                         " is not reported by audio tagging (use auc or pr_auc)");
  }
  if (data_family != "audio" && !data_family.empty() && eval.select_metric == "pr_auc") {
    v.reject("eval", "select_metric: pr_auc is reported by audio tagging only");
  }
  for (const auto& [kind, name] : {std::pair<const char*, const std::string*>{"dataset", &data.dataset},
                                    {"model", &model.name}}) {
    const auto& entries = v.choices().at(kind).entries;
    const auto it = entries.find(*name);
    if (it != entries.end() && it->second.check) it->second.check(*this, v);
  }
}

namespace {
ExperimentConfig read_experiment(const YAML::Node& root, const YamlSource& source, const std::string& origin,
                                 const Choices& choices);
}  // namespace

ExperimentConfig parse_experiment(const std::string& yaml, const std::string& origin, const Choices& choices,
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
    return read_experiment(root, source, origin, choices);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin + ": " + e.what());
  }
}

namespace {
ExperimentConfig read_experiment(const YAML::Node& root, const YamlSource& source, const std::string& origin,
                                 const Choices& choices) {
  // Filled on the heap and moved out: in the sanitizer build (GCC 12), unwinding out of this function with
  // a named return value destroyed an object that was never constructed there; this path avoids it.
  auto config = std::make_unique<ExperimentConfig>();
  YamlReader reader(root, "", source, choices);
  config->visit(reader);
  reader.finish();
  config->source_file = origin;
  return std::move(*config);
}
}  // namespace

ExperimentConfig load_experiment(const std::string& path, const Choices& choices,
                                 const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path)) throw ConfigError(path + ": cannot open the config file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_experiment(text.str(), path, choices, overrides);
}

std::string experiment_to_yaml(const ExperimentConfig& config, const Choices& choices) {
  ExperimentConfig copy = config;
  return to_yaml(copy, choices);
}

std::string experiment_reference(const Choices& choices) { return config_reference<ExperimentConfig>(choices); }

}  // namespace emorec::config
