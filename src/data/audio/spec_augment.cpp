#include "data/audio/spec_augment.h"

#include <algorithm>

namespace emorec::data {

torch::Tensor spec_augment(const torch::Tensor& mel, const SpecAugmentOptions& o, Rng& rng) {
  auto out = mel.clone();
  if ((o.freq_masks == 0 || o.freq_width == 0) && (o.time_masks == 0 || o.time_width == 0)) return out;
  const int64_t batch = mel.size(0), bands = mel.size(1), frames = mel.size(2);
  const auto means = mel.mean({1, 2});  // one fill value per example
  // Build a boolean mask on the CPU from the draws, then apply it on the batch's device in one operation.
  auto mask = torch::zeros({batch, bands, frames}, torch::kBool);
  auto m = mask.accessor<bool, 3>();
  const auto draw_span = [&](int64_t width, int64_t extent, int64_t* start, int64_t* length) {
    *length =
        std::min<int64_t>(static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(width + 1))), extent);
    *start = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(extent - *length + 1)));
  };
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t k = 0; k < o.freq_masks && o.freq_width > 0; ++k) {
      int64_t start = 0, length = 0;
      draw_span(o.freq_width, bands, &start, &length);
      for (int64_t f = start; f < start + length; ++f) {
        for (int64_t t = 0; t < frames; ++t) m[b][f][t] = true;
      }
    }
    for (int64_t k = 0; k < o.time_masks && o.time_width > 0; ++k) {
      int64_t start = 0, length = 0;
      draw_span(o.time_width, frames, &start, &length);
      for (int64_t f = 0; f < bands; ++f) {
        for (int64_t t = start; t < start + length; ++t) m[b][f][t] = true;
      }
    }
  }
  const auto fill = means.view({batch, 1, 1}).expand_as(out);
  return torch::where(mask.to(mel.device()), fill, out);
}

}  // namespace emorec::data
