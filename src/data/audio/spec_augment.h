// SpecAugment-style masking of log-mel batches (Park et al., 2019, without time warping), on the batch's
// device: per example, `freq_masks` bands of up to `freq_width` consecutive mel bins and `time_masks` spans
// of up to `time_width` frames are set to that example's mean. Widths and positions are drawn from a seeded
// stream, so a step's masks are reproducible (the trainer derives the stream from the seed, epoch and step).
#pragma once
#include <torch/torch.h>

#include "core/rng.h"
#include "data/audio/audio_data_config.h"

namespace emorec::data {

// mel [B, n_mels, frames] -> a masked copy (the input is unchanged). Widths are drawn uniformly in
// [0, width] and clipped to the spectrogram.
torch::Tensor spec_augment(const torch::Tensor& mel, const SpecAugmentOptions& options, Rng& rng);

}  // namespace emorec::data
