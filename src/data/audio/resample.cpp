#include "data/audio/resample.h"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace emorec::data {
namespace {
constexpr double kWidth = 6.0;  // zero crossings of the sinc on each side (torchaudio's lowpass_filter_width)
constexpr double kRolloff = 0.99;  // the cut-off, as a fraction of the lower Nyquist frequency
}  // namespace

torch::Tensor resample(const torch::Tensor& waves, int64_t from, int64_t to) {
  if (from <= 0 || to <= 0) throw std::invalid_argument("resample: sample rates must be positive");
  if (from == to) return waves;
  const int64_t g = std::gcd(from, to);
  const int64_t orig = from / g, fresh = to / g;
  const double base = static_cast<double>(std::min(orig, fresh)) * kRolloff;
  const auto width = static_cast<int64_t>(std::ceil(kWidth * static_cast<double>(orig) / base));
  const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  // Kernel k (one per output phase) samples the windowed sinc at the input offsets seen from phase k.
  const auto idx = torch::arange(-width, width + orig, f64) / static_cast<double>(orig);
  auto t = torch::arange(0, -fresh, -1, f64).unsqueeze(1) / static_cast<double>(fresh) + idx.unsqueeze(0);
  t = (t * base).clamp(-kWidth, kWidth);
  const auto window = torch::cos(t * (M_PI / kWidth / 2)).pow(2);
  t = t * M_PI;
  const auto sinc = torch::where(t == 0, torch::ones_like(t), torch::sin(t) / t);
  const auto kernels = (sinc * window * (base / static_cast<double>(orig)))
                           .to(waves.device(), waves.scalar_type())
                           .unsqueeze(1);  // [fresh, 1, K]
  const bool single = waves.dim() == 1;
  auto x = single ? waves.unsqueeze(0) : waves;
  const int64_t length = x.size(1);
  x = torch::constant_pad_nd(x, {width, width + orig}).unsqueeze(1);  // [B, 1, T + pad]
  auto y = torch::conv1d(x, kernels, {}, orig);                       // [B, fresh, L]
  y = y.transpose(1, 2).reshape({x.size(0), -1});
  const auto target = static_cast<int64_t>(
      std::ceil(static_cast<double>(fresh) * static_cast<double>(length) / static_cast<double>(orig)));
  y = y.narrow(1, 0, std::min(target, y.size(1))).contiguous();
  return single ? y.squeeze(0) : y;
}

}  // namespace emorec::data
