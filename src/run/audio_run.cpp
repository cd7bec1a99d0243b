#include "run/audio_run.h"

#include "core/device.h"
#include "core/error.h"
#include "data/audio/mel.h"
#include "data/dataset_registry.h"
#include "models/audio/audio_registry.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "train/audio_trainer.h"
#include "train/checkpoint.h"

namespace emorec::run {
namespace {

config::ExperimentConfig audio_run_config(const std::string& run_dir) {
  auto config = load_run_config(RunDir::open(run_dir).file("config.yaml"));
  const auto& registry = data::dataset_registry();
  if (!registry.contains(config.data.dataset) || registry.at(config.data.dataset).kind != "audio") {
    throw ConfigError(run_dir + ": a run of " + config.model.name + " on " + config.data.dataset +
                      " is not an audio-tagging model");
  }
  return config;
}

}  // namespace

AudioRun::AudioRun(const std::string& run_dir, const std::string& checkpoint)
    : config_(audio_run_config(run_dir)), device_(resolve_device(config_.device)) {
  std::string how;
  const std::string root = data::resolve_data_root(config_.data.root, &how);
  tags_ = data::read_tag_table(data::dataset_file(root, how, config_.data.dataset, keys().path), keys());
  model_ = models::audio_model_registry()
               .at(config_.model.name)
               .build(config_.model.options, keys().mel.n_mels, static_cast<int64_t>(tags_.tags.size()));
  model_->to(device_);
  epoch_ = train::load_checkpoint(RunDir::open(run_dir).checkpoint(checkpoint), *model_, nullptr).epochs_done;
  model_->eval();
  filterbank_ = data::mel_filterbank(keys().mel).to(device_);
}

torch::Tensor AudioRun::file_mel(const std::string& path) const {
  return data::audio_file_mel(path, keys(), device_, filterbank_).to(torch::kCPU);
}

torch::Tensor AudioRun::averaged(const torch::Tensor& mel, bool embedding) {
  torch::NoGradGuard no_grad;
  const auto chunks = data::mel_eval_chunks(mel, keys().chunk_frames, keys().eval_chunks).to(device_);
  const auto out = embedding ? model_->embed(chunks) : torch::sigmoid(model_->forward(chunks));
  return out.mean(0).to(torch::kCPU, torch::kFloat);
}

torch::Tensor AudioRun::embed(const torch::Tensor& mel) {
  return averaged(mel, true);
}
torch::Tensor AudioRun::tag_probabilities(const torch::Tensor& mel) {
  return averaged(mel, false);
}

torch::Tensor AudioRun::embed_dataset(std::vector<std::string>* ids,
                                      std::vector<std::vector<std::string>>* track_tags) {
  const auto dataset = data::load_audio_dataset(config_.data, device_);
  std::vector<int64_t> tracks;
  for (const auto* split : {&dataset.train, &dataset.eval, &dataset.test}) {
    tracks.insert(tracks.end(), split->begin(), split->end());
  }
  ids->clear(), track_tags->clear();
  for (const int64_t t : tracks) {
    const auto& track = dataset.table.tracks[static_cast<size_t>(t)];
    ids->push_back(track.id);
    std::vector<std::string> names;
    for (const int64_t k : track.tags) names.push_back(dataset.table.tags[static_cast<size_t>(k)]);
    track_tags->push_back(std::move(names));
  }
  const int64_t batch = std::min(config_.eval.batch_size, config_.train.batch_size);
  return train::chunk_averaged(*model_, dataset, tracks, batch, device_, config_.train.amp == "bf16",
                               train::TrackOutput::kEmbeddings);
}

}  // namespace emorec::run
