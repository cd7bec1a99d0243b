// The interface of music-tagging models over log-mel spectrograms (Won et al., "Evaluation of CNN-based
// automatic music tagging models", 2020, and its reference code): chunks of log-mel frames in, one logit per
// tag out (multi-label: a sigmoid each), and the penultimate layer as the track embedding that `embed-audio`
// writes.
#pragma once
#include <torch/torch.h>

namespace emorec::models {

class AudioModel : public torch::nn::Module {
 public:
  // x: log-mel chunks [B, n_mels, frames]. Returns logits [B, tags].
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  // The features before the last linear layer [B, embedding_size()], in the current train/eval mode.
  virtual torch::Tensor embed(torch::Tensor x) = 0;
  virtual int64_t embedding_size() const = 0;
};

}  // namespace emorec::models
