#include "train/fer_trainer.h"

#include <chrono>
#include <cmath>
#include <optional>

#include "core/error.h"
#include "core/progress.h"
#include "core/rng.h"
#include "data/fer/augment.h"
#include "models/fer/fer_registry.h"
#include "train/autocast.h"
#include "train/epoch_plan.h"
#include "train/optimizer.h"
#include "train/step_clock.h"

namespace emorec::train {
namespace {

torch::Tensor to_rows(const std::vector<int64_t>& rows, int64_t start, int64_t len, torch::Device device) {
  return torch::from_blob(const_cast<int64_t*>(rows.data() + start), {len}, torch::kLong).to(device);
}

bool use_amp(const config::ExperimentConfig& c) { return c.train.amp == "bf16"; }

torch::Tensor prepare_input(torch::Tensor x, const config::ExperimentConfig& c) {
  return c.train.channels_last ? x.contiguous(torch::MemoryFormat::ChannelsLast) : x;
}

// Averages logits [B * crops, 7] over each image's crops, in float32.
torch::Tensor crop_mean(const torch::Tensor& logits, int64_t crops) {
  const auto l = logits.to(torch::kFloat);
  return crops == 1 ? l : l.view({-1, crops, l.size(1)}).mean(1);
}

}  // namespace

std::shared_ptr<models::FerModel> build_fer_model(const config::ExperimentConfig& config, torch::Device device) {
  auto model = models::fer_model_registry().at(config.model.name).build(config.model.options, data::image_data_config(config.data).input_size);
  model->to(device);
  if (config.train.channels_last) {
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters()) {
      if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    }
  }
  return model;
}

torch::Tensor fer_eval_logits(models::FerModel& model, const torch::Tensor& images, const config::ExperimentConfig& c,
                              torch::Device device) {
  torch::NoGradGuard no_grad;
  model.eval();
  const auto x = prepare_input(data::eval_batch(images.to(device), data::image_data_config(c.data), c.eval.ten_crop), c);
  AutocastGuard amp(device, use_amp(c));
  return crop_mean(model.forward(x), data::eval_crops(c.eval.ten_crop));
}

FerTrainer::FerTrainer(const config::ExperimentConfig& config, const data::FerDataset& dataset, torch::Device device)
    : config_(config), dataset_(dataset), device_(device) {
  if (dataset.train.empty()) throw DataError(dataset.source + ": has no Training images");
  if (dataset.eval.empty()) {
    throw DataError(dataset.source + ": has no PublicTest images, which select the model (the FER2013 sample CSV "
                    "holds Training rows only; train on the image archive or the full fer2013.csv)");
  }
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(config.train.cudnn_benchmark);
  model_ = build_fer_model(config, device);
  optimizer_ = make_optimizer(config.train.optimizer, model_->parameters());
  dp_ = std::make_unique<DataParallel>(config, *model_);
  const auto& im = dataset.images;
  images_ = torch::from_blob(const_cast<uint8_t*>(im.pixels.data()), {im.size(), 48, 48}, torch::kUInt8).to(device_);
  if (!device_.is_cuda()) images_ = images_.clone();  // own the memory on the CPU too
  labels_ = torch::from_blob(const_cast<uint8_t*>(im.labels.data()), {im.size()}, torch::kUInt8)
                .to(torch::kLong)
                .to(device_);
}

FerEpochStats FerTrainer::train_epoch(int64_t epoch, bool progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto& tc = config_.train;
  const auto seed = static_cast<uint64_t>(config_.seed);
  const EpochPlan plan = plan_epoch(dataset_.train, config_, epoch, "images");
  const int64_t steps = plan.steps;
  const int64_t crops = data::train_crops(config_.augment);
  const auto ce = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(tc.label_smoothing);
  model_->train();
  std::optional<Progress> bar;
  if (progress) bar.emplace("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(tc.epochs), steps);
  // Running sums stay on the device; reading them synchronises, so on a GPU that happens every
  // `sync_every` steps (and the progress bar moves in such strides), on the CPU every step.
  const int64_t sync_every = device_.is_cuda() ? 50 : 1;
  auto loss_sum = torch::zeros({}, torch::TensorOptions().dtype(torch::kDouble).device(device_));
  auto right = torch::zeros({}, torch::TensorOptions().dtype(torch::kLong).device(device_));
  int64_t seen = 0, checked = 0;
  double loss_host = 0;
  StepClock clock(device_);
  for (int64_t s = 0; s < steps; ++s) {
    clock.start();
    const int64_t global_rows = plan.length(s);
    const auto idx = dp_->shard(plan.rows(s, device_));
    const int64_t len = idx.size(0);
    Rng aug_rng(dp_->rank_seed(
        derive_seed(seed, "augment", (static_cast<uint64_t>(epoch) << 32) | static_cast<uint64_t>(s))));
    const auto& keys = data::image_data_config(config_.data);
    const auto x =
        prepare_input(data::augment_batch(images_.index_select(0, idx), config_.augment, keys, aug_rng), config_);
    const auto y = labels_.index_select(0, idx);
    clock.lap(StepPhases::kData);
    torch::Tensor logits;
    {
      AutocastGuard amp(device_, use_amp(config_));
      logits = model_->forward(x);
    }
    logits = crop_mean(logits, crops);
    const auto loss = len > 0 ? torch::nn::functional::cross_entropy(logits, y, ce)
                              : torch::zeros({}, torch::TensorOptions().device(device_));
    clock.lap(StepPhases::kForward);
    backward_and_step(loss, *optimizer_, clock, *dp_, global_rows, len);
    loss_sum += loss.detach().to(torch::kDouble) * static_cast<double>(len);
    right += logits.detach().argmax(1).eq(y).sum();
    seen += len;
    if ((s + 1) % sync_every == 0 || s + 1 == steps) {
      loss_host = loss_sum.item<double>();
      if (!std::isfinite(loss_host)) {
        throw RunError("non-finite training loss at epoch " + std::to_string(epoch + 1) +
                       (dp_->active() ? " on rank " + std::to_string(dp_->rank()) : std::string()) +
                       ", step " +
                       (checked + 1 == s + 1
                            ? std::to_string(s + 1)
                            : "between " + std::to_string(checked + 1) + " and " + std::to_string(s + 1)) +
                       "; try a lower train.optimizer.lr");
      }
      if (bar) {
        char note[64];
        std::snprintf(note, sizeof note, "loss %.4f acc %.3f", loss_host / static_cast<double>(seen),
                      static_cast<double>(right.item<int64_t>()) / static_cast<double>(seen));
        bar->tick(s + 1 - checked, note);
      }
      checked = s + 1;
    }
    clock.lap(StepPhases::kOther);
  }
  if (bar) bar->finish();
  std::vector<double> sums{loss_host, static_cast<double>(right.item<int64_t>()), static_cast<double>(seen)};
  dp_->sum(sums);
  dp_->sync_buffers();
  FerEpochStats st;
  st.loss = sums[0] / sums[2];
  st.acc = sums[1] / sums[2];
  st.seconds = seconds_since(t0);
  st.images_per_second = sums[2] / st.seconds;  // of the whole job
  st.phases = clock.phases();
  return st;
}

FerEvalStats combine(const FerEvalStats& a, const FerEvalStats& b) {
  FerEvalStats out;
  const auto na = static_cast<double>(a.confusion.total()), nb = static_cast<double>(b.confusion.total());
  out.confusion = a.confusion;
  out.confusion += b.confusion;
  out.loss = na + nb > 0 ? (a.loss * na + b.loss * nb) / (na + nb) : NAN;
  out.seconds = a.seconds + b.seconds;
  return out;
}

FerEvalStats FerTrainer::evaluate(const std::vector<int64_t>& rows) {
  const auto t0 = std::chrono::steady_clock::now();
  FerEvalStats st;
  const auto n = static_cast<int64_t>(rows.size());
  const auto part = dp_->eval_shard(n);  // each rank its part, then the sums over ranks
  double loss_sum = 0;
  for (int64_t start = part.begin; start < part.end; start += config_.eval.batch_size) {
    const int64_t len = std::min(config_.eval.batch_size, part.end - start);
    const auto idx = to_rows(rows, start, len, device_);
    const auto logits = fer_eval_logits(*model_, images_.index_select(0, idx), config_, device_);
    const auto y = labels_.index_select(0, idx);
    loss_sum += torch::nn::functional::cross_entropy(logits, y, torch::nn::functional::CrossEntropyFuncOptions()
                                                                    .reduction(torch::kSum))
                    .item<double>();
    const auto pred = logits.argmax(1).to(torch::kCPU).contiguous();
    const auto truth = y.to(torch::kCPU).contiguous();
    for (int64_t i = 0; i < len; ++i) st.confusion.add(truth.data_ptr<int64_t>()[i], pred.data_ptr<int64_t>()[i]);
  }
  dp_->sum(st.confusion, &loss_sum);
  st.loss = n ? loss_sum / static_cast<double>(n) : NAN;
  st.seconds = seconds_since(t0);
  return st;
}

}  // namespace emorec::train
