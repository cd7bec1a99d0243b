#include "data/audio/mel.h"

#include <cmath>

#include "core/error.h"

namespace emorec::data {
namespace {
// The Slaney scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above (27 mels per factor 6.4).
constexpr double kSpacing = 200.0 / 3.0, kBreakHz = 1000.0, kBreakMel = kBreakHz / kSpacing;
const double kLogStep = std::log(6.4) / 27.0;
}  // namespace

double hz_to_mel(double hz, const std::string& scale) {
  if (scale == "htk") return 2595.0 * std::log10(1.0 + hz / 700.0);
  return hz < kBreakHz ? hz / kSpacing : kBreakMel + std::log(hz / kBreakHz) / kLogStep;
}

double mel_to_hz(double mel, const std::string& scale) {
  if (scale == "htk") return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
  return mel < kBreakMel ? mel * kSpacing : kBreakHz * std::exp(kLogStep * (mel - kBreakMel));
}

torch::Tensor mel_filterbank(const MelOptions& o) {
  const double nyquist = static_cast<double>(o.sample_rate) / 2.0;
  const double f_max = o.f_max > 0 ? o.f_max : nyquist;
  if (f_max > nyquist) {
    throw ConfigError("data.mel.f_max: " + std::to_string(f_max) + " Hz is above the Nyquist frequency (" +
                      std::to_string(nyquist) + " Hz at data.mel.sample_rate " +
                      std::to_string(o.sample_rate) + ")");
  }
  if (o.f_min >= f_max) {
    throw ConfigError("data.mel.f_min: " + std::to_string(o.f_min) + " Hz is not below f_max (" +
                      std::to_string(f_max) + " Hz)");
  }
  const int64_t bins = o.n_fft / 2 + 1;
  // n_mels + 2 band edges evenly spaced in mel, in Hz.
  const double lo = hz_to_mel(o.f_min, o.scale), hi = hz_to_mel(f_max, o.scale);
  std::vector<double> edges(static_cast<size_t>(o.n_mels + 2));
  for (size_t i = 0; i < edges.size(); ++i) {
    edges[i] =
        mel_to_hz(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(o.n_mels + 1), o.scale);
  }
  auto weights = torch::zeros({o.n_mels, bins}, torch::kDouble);
  auto w = weights.accessor<double, 2>();
  for (int64_t m = 0; m < o.n_mels; ++m) {
    const double left = edges[static_cast<size_t>(m)], centre = edges[static_cast<size_t>(m + 1)],
                 right = edges[static_cast<size_t>(m + 2)];
    const double scale = o.norm == "slaney" ? 2.0 / (right - left) : 1.0;
    for (int64_t k = 0; k < bins; ++k) {
      const double f = nyquist * static_cast<double>(k) / static_cast<double>(bins - 1);
      const double rising = (f - left) / (centre - left), falling = (right - f) / (right - centre);
      w[m][k] = std::max(0.0, std::min(rising, falling)) * scale;
    }
  }
  return weights.to(torch::kFloat);
}

torch::Tensor log_mel_spectrogram(const torch::Tensor& waves, const torch::Tensor& filterbank,
                                  const MelOptions& o) {
  const bool single = waves.dim() == 1;
  auto x = single ? waves.unsqueeze(0) : waves;
  x = x.to(torch::kFloat);
  if (o.center && o.pad_mode == "reflect") {
    if (x.size(-1) <= o.n_fft / 2) {
      throw RunError("a waveform of " + std::to_string(x.size(-1)) +
                     " samples is too short to reflect-pad by " + std::to_string(o.n_fft / 2) +
                     " (data.mel.pad_mode reflect)");
    }
    x = torch::reflection_pad1d(x.unsqueeze(1), {o.n_fft / 2, o.n_fft / 2}).squeeze(1);
  } else if (o.center) {
    x = torch::constant_pad_nd(x, {o.n_fft / 2, o.n_fft / 2}, 0.0);
  }
  const auto window =
      torch::hann_window(o.n_fft, /*periodic=*/true, torch::TensorOptions().device(x.device()));
  const auto spec = torch::stft(x, o.n_fft, o.hop_length, o.n_fft, window, /*normalized=*/false,
                                /*onesided=*/true, /*return_complex=*/true);
  const auto power = spec.abs().pow(2);                        // [B, bins, frames]
  auto mel = torch::matmul(filterbank.to(x.device()), power);  // [B, n_mels, frames]
  if (o.log == "db") {
    mel = 10.0 * torch::log10(torch::clamp_min(mel, 1e-10));
  } else if (o.log == "log1p") {
    mel = torch::log1p(10000.0 * mel);
  }
  return single ? mel.squeeze(0) : mel;
}

}  // namespace emorec::data
