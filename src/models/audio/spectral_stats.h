// audio/spectral_stats: the hand-crafted baseline the tagging models must beat: the mean and standard
// deviation of every mel band over the chunk's frames (2 x n_mels numbers), standardised by a batch norm
// without scale or shift (running statistics of the training chunks), then one linear layer per tag: logistic
// regression on spectral statistics. The embedding is the standardised statistics.
#pragma once
#include <cstdint>

#include "models/audio/audio_model.h"

namespace emorec::models {

class SpectralStats : public AudioModel {
 public:
  SpectralStats(int64_t n_mels, int64_t tags);
  torch::Tensor forward(torch::Tensor x) override;
  torch::Tensor embed(torch::Tensor x) override;
  int64_t embedding_size() const override { return 2 * n_mels_; }

 private:
  int64_t n_mels_ = 0;
  torch::nn::BatchNorm1d norm_{nullptr};
  torch::nn::Linear linear_{nullptr};
};

}  // namespace emorec::models
