#include "train/tracks_trainer.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/progress.h"
#include "core/rng.h"
#include "data/tracks/mood_tracks.h"
#include "models/tracks/tracks_registry.h"
#include "train/epoch_plan.h"
#include "train/optimizer.h"

namespace emorec::train {

TracksTrainer::TracksTrainer(const config::ExperimentConfig& config, const data::TracksDataset& dataset,
                             torch::Device device, bool fit_closed_form)
    : config_(config), dataset_(dataset), device_(device) {
  const auto classes = static_cast<int64_t>(data::mood_names().size());
  model_ = models::track_model_registry().at(config.model.name).build(
      config.model.options, dataset.table.width(), classes, derive_seed(static_cast<uint64_t>(config.seed), "model"));
  x_ = dataset.x.to(device_);
  y_ = dataset.y.to(device_);
  if (model_->closed_form() && fit_closed_form) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto rows = torch::tensor(dataset.split.train, torch::kLong);
    model_->fit(dataset.x.index_select(0, rows), dataset.y.index_select(0, rows));
    fit_seconds_ = seconds_since(t0);
  }
  model_->to(device_);
  optimizer_ = make_optimizer(config.train.optimizer, model_->parameters());
  dp_ = std::make_unique<DataParallel>(config, *model_);
}

TrackEpochStats TracksTrainer::train_epoch(int64_t epoch, bool progress) {
  const auto t0 = std::chrono::steady_clock::now();
  TrackEpochStats st;
  if (model_->closed_form()) {  // fitted once at construction: an epoch has nothing to do
    st.loss = st.acc = NAN;
    st.seconds = epoch == 0 ? fit_seconds_ : 0.0;
    return st;
  }
  const auto& tc = config_.train;
  const EpochPlan plan = plan_epoch(dataset_.split.train, config_, epoch, "tracks");
  const auto ce = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(tc.label_smoothing);
  model_->train();
  std::optional<Progress> bar;
  if (progress) bar.emplace("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(tc.epochs), plan.steps);
  double loss_sum = 0;
  int64_t right = 0, seen = 0;
  StepClock clock(device_);
  for (int64_t s = 0; s < plan.steps; ++s) {
    clock.start();
    const int64_t global_rows = plan.length(s);
    const auto idx = dp_->shard(plan.rows(s, device_));
    const int64_t len = idx.size(0);
    const auto x = x_.index_select(0, idx);
    const auto y = y_.index_select(0, idx);
    clock.lap(StepPhases::kData);
    const auto logits = model_->forward(x);
    const auto loss = len > 0 ? torch::nn::functional::cross_entropy(logits, y, ce)
                              : torch::zeros({}, torch::TensorOptions().device(device_));
    clock.lap(StepPhases::kForward);
    backward_and_step(loss, *optimizer_, clock, *dp_, global_rows, len);
    const double value = loss.item<double>();
    check_finite_loss(value, epoch, s, *dp_);
    loss_sum += value * static_cast<double>(len);
    right += (logits.argmax(1) == y).sum().item<int64_t>();
    seen += len;
    if (bar) bar->tick(1, "");
    clock.lap(StepPhases::kOther);
  }
  if (bar) bar->finish();
  std::vector<double> sums{loss_sum, static_cast<double>(right), static_cast<double>(seen)};
  dp_->sum(sums);
  loss_sum = sums[0], right = static_cast<int64_t>(sums[1]), seen = static_cast<int64_t>(sums[2]);
  dp_->sync_buffers();
  st.loss = loss_sum / static_cast<double>(seen);
  st.acc = static_cast<double>(right) / static_cast<double>(seen);
  st.seconds = seconds_since(t0);
  st.phases = clock.phases();
  return st;
}

TrackEvalStats TracksTrainer::evaluate(const std::vector<int64_t>& rows) {
  const auto t0 = std::chrono::steady_clock::now();
  torch::NoGradGuard no_grad;
  model_->eval();
  TrackEvalStats st;
  st.confusion = metrics::Confusion(static_cast<int64_t>(data::mood_names().size()));
  const auto n = static_cast<int64_t>(rows.size());
  if (n == 0) {
    st.loss = NAN;
    return st;
  }
  const auto part = dp_->eval_shard(n);  // each rank its part, then the sums over ranks
  const std::vector<int64_t> mine(rows.begin() + part.begin, rows.begin() + part.end);
  double loss_sum = 0;
  if (!mine.empty()) {
    const auto idx = torch::tensor(mine, torch::kLong).to(device_);
    const auto logits = model_->forward(x_.index_select(0, idx)).to(torch::kFloat);
    const auto y = y_.index_select(0, idx);
    loss_sum = torch::nn::functional::cross_entropy(
                   logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                   .item<double>();
    const auto pred = logits.argmax(1).to(torch::kCPU).contiguous();
    const auto truth = y.to(torch::kCPU).contiguous();
    for (int64_t i = 0; i < part.size(); ++i) {
      st.confusion.add(truth.data_ptr<int64_t>()[i], pred.data_ptr<int64_t>()[i]);
    }
  }
  dp_->sum(st.confusion, &loss_sum);
  st.loss = loss_sum / static_cast<double>(n);
  st.seconds = seconds_since(t0);
  return st;
}

}  // namespace emorec::train
