// A trained audio-tagging run, loaded once: its config, the tags of its data set, the model at a checkpoint.
// It embeds audio as the evaluation scores it (the run's front end, chunks and chunk averaging), for
// `emorec embed-audio` (one embedding per file, in the modality-file format data.modalities reads) and
// `emorec similar` (the nearest tracks by cosine similarity).
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "data/audio/audio_dataset.h"
#include "data/audio/tag_table.h"
#include "models/audio/audio_model.h"

namespace emorec::run {

class AudioRun {
 public:
  // ConfigError when `run_dir` is not a run of an audio/ model; DataError when its tags file cannot be read;
  // RunError for an unreadable checkpoint.
  explicit AudioRun(const std::string& run_dir, const std::string& checkpoint = "best");
  const config::ExperimentConfig& config() const { return config_; }
  const data::AudioDataConfig& keys() const { return data::audio_data_config(config_.data); }
  const data::TagTable& tags() const { return tags_; }
  int64_t epoch() const { return epoch_; }
  int64_t embedding_size() const { return model_->embedding_size(); }
  torch::Device device() const { return device_; }
  models::AudioModel& model() { return *model_; }

  // The log-mel spectrogram of an audio file as the run's data set computes it (DataError naming the file).
  torch::Tensor file_mel(const std::string& path) const;
  // Averages over the evaluation chunks of `mel` [n_mels, frames]: the embedding [E] and the tags'
  // probabilities [tags], float, CPU.
  torch::Tensor embed(const torch::Tensor& mel);
  torch::Tensor tag_probabilities(const torch::Tensor& mel);
  // The embeddings of the run's own data set's usable tracks [tracks, E] (CPU), in `ids` order.
  torch::Tensor embed_dataset(std::vector<std::string>* ids,
                              std::vector<std::vector<std::string>>* track_tags);

 private:
  torch::Tensor averaged(const torch::Tensor& mel, bool embedding);
  config::ExperimentConfig config_;
  torch::Device device_;
  data::TagTable tags_;
  std::shared_ptr<models::AudioModel> model_;
  torch::Tensor filterbank_;  // the run's mel filterbank on device_, built once for every file_mel
  int64_t epoch_ = 0;
};

}  // namespace emorec::run
