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
    const auto idx = plan.rows(s, device_);
    const auto x = x_.index_select(0, idx);
    const auto y = y_.index_select(0, idx);
    clock.lap(StepPhases::kData);
    const auto logits = model_->forward(x);
    const auto loss = torch::nn::functional::cross_entropy(logits, y, ce);
    clock.lap(StepPhases::kForward);
    backward_and_step(loss, *optimizer_, clock);
    const double value = loss.item<double>();
    if (!std::isfinite(value)) {
      throw RunError("non-finite training loss (" + std::to_string(value) + ") at epoch " + std::to_string(epoch + 1) +
                     ", step " + std::to_string(s + 1) + "; try a lower train.optimizer.lr");
    }
    const int64_t len = plan.length(s);
    loss_sum += value * static_cast<double>(len);
    right += (logits.argmax(1) == y).sum().item<int64_t>();
    seen += len;
    if (bar) bar->tick(1, "");
    clock.lap(StepPhases::kOther);
  }
  if (bar) bar->finish();
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
  const auto idx = torch::tensor(rows, torch::kLong).to(device_);
  const auto logits = model_->forward(x_.index_select(0, idx)).to(torch::kFloat);
  const auto y = y_.index_select(0, idx);
  st.loss = torch::nn::functional::cross_entropy(logits, y).item<double>();
  const auto pred = logits.argmax(1).to(torch::kCPU).contiguous();
  const auto truth = y.to(torch::kCPU).contiguous();
  for (int64_t i = 0; i < n; ++i) st.confusion.add(truth.data_ptr<int64_t>()[i], pred.data_ptr<int64_t>()[i]);
  st.seconds = seconds_since(t0);
  return st;
}

}  // namespace emorec::train
