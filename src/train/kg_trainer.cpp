// The KG CTR training step and whole-split evaluation.
#include "train/kg_trainer.h"

#include "train/epoch_plan.h"

#include <chrono>
#include <cmath>
#include <optional>

#include "core/crash_point.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/rng.h"
#include "metrics/classification.h"
#include "models/registry.h"
#include "train/optimizer.h"
#include "train/step_clock.h"

namespace emorec::train {
namespace {
torch::Tensor index_tensor(const int64_t* data, int64_t n, torch::Device device) {
  return torch::from_blob(const_cast<int64_t*>(data), {n}, torch::kLong).to(device);
}
}  // namespace

double SplitMetrics::get(const std::string& metric) const {
  if (metric == "auc") return auc;
  if (metric == "acc") return acc;
  if (metric == "f1") return f1;
  throw ConfigError("unknown metric \"" + metric + "\" (known: acc, auc, f1)");
}

KgTrainer::KgTrainer(const config::ExperimentConfig& config, const data::KgDataset& dataset, torch::Device device,
                     bool fit_closed_form)
    : config_(config), dataset_(dataset), device_(device) {
  model_ = models::model_registry().at(config.model.name).build(config.model.options, dataset,
                                                                static_cast<uint64_t>(config.seed));
  if (model_->closed_form() && fit_closed_form) {
    const auto t0 = std::chrono::steady_clock::now();
    model_->fit(dataset);
    fit_seconds_ = seconds_since(t0);
  }
  model_->to(device_);
  optimizer_ = make_optimizer(config.train.optimizer, model_->parameters());
  dp_ = std::make_unique<DataParallel>(config, *model_);
  const auto& x = dataset.interactions;
  const auto n = static_cast<int64_t>(x.size());
  users_ = torch::tensor(x.user, torch::kLong).to(device_);
  items_ = torch::tensor(x.item, torch::kLong).to(device_);
  labels_ = torch::from_blob(const_cast<float*>(x.label.data()), {n}, torch::kFloat).clone().to(device_);
}

SplitMetrics KgTrainer::train_epoch(int64_t epoch, bool progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto& tc = config_.train;
  if (model_->closed_form()) {  // fitted once at construction: an epoch has nothing to do
    SplitMetrics m;
    m.seconds = epoch == 0 ? fit_seconds_ : 0.0;
    return m;
  }
  const EpochPlan plan = plan_epoch(dataset_.split.train, config_, epoch, "rows");
  const int64_t steps = plan.steps;
  model_->train();
  std::optional<Progress> bar;
  if (progress) bar.emplace("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(tc.epochs), steps);
  // The epoch's loss: the sum over steps of this rank's share of the batch's data loss (summed over ranks at
  // the end), plus the L2 term, which every rank computes alike.
  double data_total = 0, l2_total = 0, shown = 0;
  StepClock clock(device_);
  for (int64_t s = 0; s < steps; ++s) {
    if (s == steps / 2) crash_point("train.mid_epoch", epoch + 1);  // the fault tests' worker dies here
    clock.start();
    const int64_t global_rows = plan.length(s);
    const auto idx = dp_->shard(plan.rows(s, device_));
    const int64_t rows = idx.size(0);
    models::Batch batch{users_.index_select(0, idx), items_.index_select(0, idx), labels_.index_select(0, idx),
                          epoch, s};
    clock.lap(StepPhases::kData);
    const auto loss =
        rows > 0 ? model_->loss(batch) : torch::zeros({}, torch::TensorOptions().device(device_));
    double l2_value = 0;  // the L2 term's share of the loss; its gradient is added after backward()
    if (tc.l2_weight > 0) {
      torch::NoGradGuard no_grad;
      l2_value = tc.l2_weight * model_->l2_term().item<double>();
    }
    clock.lap(StepPhases::kForward);
    const double data_value = loss.item<double>();
    const double value = data_value + l2_value;
    clock.lap(StepPhases::kOther);  // the loss read waits for the forward pass, as in the peers' "other"
    check_finite_loss(value, epoch, s, *dp_, "try a lower train.optimizer.lr or train.l2_weight");
    optimizer_->zero_grad();
    dp_->begin(global_rows, rows);
    if (rows > 0) loss.backward();
    clock.lap(StepPhases::kBackward);
    dp_->finish(clock);
    if (tc.l2_weight > 0) model_->add_l2_gradient(tc.l2_weight);
    optimizer_->step();
    clock.lap(StepPhases::kOptimizer);
    data_total += data_value * dp_->share(global_rows);
    l2_total += l2_value;
    if (bar) {
      char note[48];
      shown += value;  // this rank's running mean
      std::snprintf(note, sizeof note, "loss %.4f", shown / static_cast<double>(s + 1));
      bar->tick(1, note);
    }
    clock.lap(StepPhases::kOther);
  }
  std::vector<double> sums{data_total};
  dp_->sum(sums);
  const double total = sums[0] + l2_total;
  if (bar) bar->finish();
  SplitMetrics m;
  m.loss = total / static_cast<double>(steps);
  m.phases = clock.phases();
  m.seconds = seconds_since(t0);
  return m;
}

torch::Tensor KgTrainer::score_pairs(const torch::Tensor& users, const torch::Tensor& items) {
  torch::NoGradGuard no_grad;
  model_->eval();
  return model_->forward(users.to(device_), items.to(device_)).to(torch::kCPU, torch::kFloat);
}

std::vector<float> KgTrainer::predict(const std::vector<int64_t>& rows) {
  torch::NoGradGuard no_grad;
  model_->eval();
  std::vector<float> out(rows.size(), 0.0f);
  const auto part = dp_->eval_shard(static_cast<int64_t>(rows.size()));
  for (int64_t start = part.begin; start < part.end; start += config_.eval.batch_size) {
    const int64_t len = std::min(config_.eval.batch_size, part.end - start);
    const auto idx = index_tensor(rows.data() + start, len, device_);
    const auto p = torch::sigmoid(model_->forward(users_.index_select(0, idx), items_.index_select(0, idx)))
                       .to(torch::kCPU, torch::kFloat)
                       .contiguous();
    std::copy(p.data_ptr<float>(), p.data_ptr<float>() + len, out.begin() + start);
  }
  dp_->sum(out);  // zeros outside each rank's shard: the sum is every rank's predictions
  return out;
}

SplitMetrics KgTrainer::evaluate(const std::vector<int64_t>& rows) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto probs = predict(rows);
  std::vector<float> labels(rows.size());
  double bce = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    labels[i] = dataset_.interactions.label[static_cast<size_t>(rows[i])];
    const double p = std::clamp(static_cast<double>(probs[i]), 1e-7, 1.0 - 1e-7);
    bce -= labels[i] > 0.5f ? std::log(p) : std::log(1.0 - p);
  }
  SplitMetrics m;
  m.loss = rows.empty() ? NAN : bce / static_cast<double>(rows.size());
  m.auc = metrics::roc_auc(probs, labels);
  const auto counts = metrics::count_binary(probs, labels, config_.eval.threshold);
  m.acc = metrics::accuracy(counts);
  m.f1 = metrics::f1(counts);
  if (config_.eval.batched_protocol > 0) {
    const auto b = metrics::batch_averaged(probs, labels, static_cast<size_t>(config_.eval.batched_protocol),
                                           config_.eval.threshold);
    m.auc_batched = b.auc, m.f1_batched = b.f1;
  }
  m.seconds = seconds_since(t0);
  return m;
}

}  // namespace emorec::train
