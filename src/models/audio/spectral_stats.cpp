#include "models/audio/spectral_stats.h"

namespace emorec::models {

SpectralStats::SpectralStats(int64_t n_mels, int64_t tags) : n_mels_(n_mels) {
  norm_ = register_module("norm",
                          torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(2 * n_mels).affine(false)));
  linear_ = register_module("linear", torch::nn::Linear(2 * n_mels, tags));
}

torch::Tensor SpectralStats::embed(torch::Tensor x) {
  const auto stats = torch::cat({x.mean(2), x.std(2, /*unbiased=*/false)}, 1);  // [B, 2 n_mels]
  return norm_->forward(stats);
}

torch::Tensor SpectralStats::forward(torch::Tensor x) {
  return linear_->forward(embed(x));
}

}  // namespace emorec::models
