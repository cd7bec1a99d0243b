#include "train/audio_trainer.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/progress.h"
#include "core/rng.h"
#include "data/audio/spec_augment.h"
#include "models/audio/audio_registry.h"
#include "train/autocast.h"
#include "train/epoch_plan.h"
#include "train/optimizer.h"

namespace emorec::train {
namespace {
bool use_amp(const config::ExperimentConfig& c) {
  return c.train.amp == "bf16";
}
}  // namespace

AudioTrainer::AudioTrainer(const config::ExperimentConfig& config, const data::AudioDataset& dataset,
                           torch::Device device)
    : config_(config), dataset_(dataset), device_(device) {
  model_ = models::audio_model_registry()
               .at(config.model.name)
               .build(config.model.options, dataset.n_mels(), dataset.tags());
  model_->to(device_);
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(config.train.cudnn_benchmark);
  optimizer_ = make_optimizer(config.train.optimizer, model_->parameters());
  dp_ = std::make_unique<DataParallel>(config, *model_);
}

AudioEpochStats AudioTrainer::train_epoch(int64_t epoch, bool progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto& tc = config_.train;
  const EpochPlan plan = plan_epoch(dataset_.train, config_, epoch, "tracks");
  const uint64_t seed = dp_->rank_seed(static_cast<uint64_t>(config_.seed));
  model_->train();
  std::optional<Progress> bar;
  if (progress)
    bar.emplace("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(tc.epochs), plan.steps);
  double loss_sum = 0, seen = 0;
  StepClock clock(device_);
  for (int64_t s = 0; s < plan.steps; ++s) {
    clock.start();
    const int64_t global_rows = plan.length(s);
    const auto idx = dp_->shard(plan.rows(s, torch::kCPU)).contiguous();
    const std::vector<int64_t> tracks(idx.data_ptr<int64_t>(), idx.data_ptr<int64_t>() + idx.numel());
    const auto len = static_cast<int64_t>(tracks.size());
    const uint64_t step =
        static_cast<uint64_t>(epoch) * static_cast<uint64_t>(plan.steps) + static_cast<uint64_t>(s);
    torch::Tensor loss;
    if (len > 0) {
      auto x = dataset_.random_chunks(tracks, derive_seed(seed, "audio-chunks", step)).to(device_);
      Rng masks(derive_seed(seed, "spec-augment", step));
      x = data::spec_augment(x, dataset_.keys.spec_augment, masks);
      const auto y = dataset_.labels.index_select(0, idx).to(device_);
      clock.lap(StepPhases::kData);
      AutocastGuard amp(device_, use_amp(config_));
      const auto logits = model_->forward(x).to(torch::kFloat);
      loss = torch::binary_cross_entropy_with_logits(logits, y);
    } else {
      clock.lap(StepPhases::kData);
      loss = torch::zeros({}, torch::TensorOptions().device(device_));
    }
    clock.lap(StepPhases::kForward);
    backward_and_step(loss, *optimizer_, clock, *dp_, global_rows, len);
    const double value = loss.item<double>();
    check_finite_loss(value, epoch, s, *dp_);
    loss_sum += value * static_cast<double>(len);
    seen += static_cast<double>(len);
    if (bar) bar->tick(1, "");
    clock.lap(StepPhases::kOther);
  }
  if (bar) bar->finish();
  std::vector<double> sums{loss_sum, seen};
  dp_->sum(sums);
  dp_->sync_buffers();
  AudioEpochStats st;
  st.loss = sums[0] / sums[1];
  st.seconds = seconds_since(t0);
  st.phases = clock.phases();
  return st;
}

torch::Tensor chunk_averaged(models::AudioModel& model, const data::AudioDataset& dataset,
                             const std::vector<int64_t>& tracks, int64_t batch, torch::Device device,
                             bool amp, TrackOutput what) {
  torch::NoGradGuard no_grad;
  model.eval();
  const int64_t width = what == TrackOutput::kProbabilities ? dataset.tags() : model.embedding_size();
  auto out = torch::zeros({static_cast<int64_t>(tracks.size()), width}, torch::kFloat);
  std::vector<torch::Tensor> pending;
  std::vector<std::pair<size_t, int64_t>> owners;  // (row of `out`, chunks) in `pending` order
  int64_t chunks = 0;
  const auto flush = [&] {
    if (pending.empty()) return;
    torch::Tensor probs;
    {
      AutocastGuard guard(device, amp);
      const auto x = torch::cat(pending).to(device);
      probs = (what == TrackOutput::kProbabilities ? torch::sigmoid(model.forward(x)) : model.embed(x))
                  .to(torch::kCPU, torch::kFloat);
    }
    int64_t at = 0;
    for (const auto& [row, n] : owners) {
      out[static_cast<int64_t>(row)] = probs.narrow(0, at, n).mean(0);
      at += n;
    }
    pending.clear(), owners.clear(), chunks = 0;
  };
  for (size_t i = 0; i < tracks.size(); ++i) {
    auto c = dataset.eval_chunks(tracks[i]);
    if (chunks > 0 && chunks + c.size(0) > batch) flush();
    owners.emplace_back(i, c.size(0));
    chunks += c.size(0);
    pending.push_back(std::move(c));
  }
  flush();
  return out;
}

AudioEvalStats AudioTrainer::evaluate(const std::vector<int64_t>& tracks) {
  const auto t0 = std::chrono::steady_clock::now();
  AudioEvalStats st;
  const auto n = static_cast<int64_t>(tracks.size());
  const int64_t tags = dataset_.tags();
  st.probs.assign(static_cast<size_t>(n * tags), 0.0f);
  const auto part = dp_->eval_shard(n);  // each rank its tracks, then every rank every track's probabilities
  const std::vector<int64_t> mine(tracks.begin() + part.begin, tracks.begin() + part.end);
  if (!mine.empty()) {
    const int64_t batch = std::min(config_.eval.batch_size, config_.train.batch_size);
    const auto probs =
        chunk_averaged(*model_, dataset_, mine, batch, device_, use_amp(config_), TrackOutput::kProbabilities)
            .contiguous();
    std::copy(probs.data_ptr<float>(), probs.data_ptr<float>() + probs.numel(),
              st.probs.begin() + part.begin * tags);
  }
  dp_->sum(st.probs);
  if (n == 0) {
    st.loss = NAN;
    return st;
  }
  const auto probs = torch::from_blob(st.probs.data(), {n, tags}, torch::kFloat);
  const auto labels = dataset_.labels.index_select(0, torch::tensor(tracks, torch::kLong)).contiguous();
  st.loss = torch::binary_cross_entropy(probs.clamp(1e-7, 1 - 1e-7), labels).item<double>();
  const std::vector<float> truth(labels.data_ptr<float>(), labels.data_ptr<float>() + labels.numel());
  st.scores = metrics::multilabel_scores(st.probs, truth, dataset_.table.tags, dataset_.tag_groups(),
                                         dataset_.table.groups());
  st.seconds = seconds_since(t0);
  return st;
}

}  // namespace emorec::train
