// Band-limited resampling in LibTorch, as torchaudio.functional.resample does it (sinc interpolation with a
// Hann window, lowpass_filter_width 6, rolloff 0.99): the rates are reduced by their greatest common divisor
// and each of the `new` output phases is one convolution kernel over the input, so the cost is a strided
// conv1d on the waveform's device.
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace emorec::data {

// waves float [T] or [B, T] at `from` Hz -> ceil(T * to / from) samples at `to` Hz (the input itself when the
// rates are equal). std::invalid_argument for rates <= 0.
torch::Tensor resample(const torch::Tensor& waves, int64_t from, int64_t to);

}  // namespace emorec::data
