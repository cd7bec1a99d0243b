// Batched augmentation: parameters drawn on the CPU from the caller's stream, the pixel work done by LibTorch
// ops on the batch's device.
#include "data/fer/augment.h"

#include <cmath>
#include <vector>

namespace emorec::data {
namespace {

using torch::indexing::Slice;

struct Box {
  int64_t top = 0, left = 0, height = 0, width = 0;
  bool ok = false;
};

// torchvision's rejection sampler of RandomResizedCrop.get_params (`ratio` = width / height; a box fits if
// it is at most the side) and RandomErasing.get_params (`ratio` = height / width; it must be smaller than the
// side): up to 10 draws of an area fraction in `scale` and a log-uniform ratio; ok = false if none fits.
Box sample_box(int64_t side, const std::vector<double>& scale, const std::vector<double>& ratio, bool erasing,
               Rng& rng) {
  const double area = static_cast<double>(side * side);
  const double lr0 = std::log(ratio[0]), lr1 = std::log(ratio[1]);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * uniform(rng, scale[0], scale[1]);
    const double r = std::exp(uniform(rng, lr0, lr1));
    const auto a = static_cast<int64_t>(std::lround(std::sqrt(target * r)));
    const auto b = static_cast<int64_t>(std::lround(std::sqrt(target / r)));
    const int64_t w = erasing ? b : a, h = erasing ? a : b;
    const bool fits = erasing ? (h < side && w < side) : (w <= side && h <= side);
    if (w > 0 && h > 0 && fits) {
      Box box;
      box.top = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(side - h + 1)));
      box.left = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(side - w + 1)));
      box.height = h, box.width = w, box.ok = true;
      return box;
    }
  }
  return {};
}

bool draw(Rng& rng, double p) { return p > 0 && uniform01(rng) < p; }

}  // namespace

torch::Tensor to_unit(const torch::Tensor& images) {
  return images.unsqueeze(1).to(torch::kFloat).div_(255.0f);
}

torch::Tensor normalize(const torch::Tensor& x, const ImageDataConfig& data) {
  return (x - data.pixel_mean) / data.pixel_std;
}

int64_t train_crops(const config::AugmentConfig& augment) {
  return augment.crop == "five" ? 5 : augment.crop == "ten" ? 10 : 1;
}

torch::Tensor crop_at(const torch::Tensor& x, const torch::Tensor& top, const torch::Tensor& left, int64_t size) {
  const auto opts = torch::TensorOptions().dtype(torch::kLong).device(x.device());
  const auto r = torch::arange(size, opts);
  const auto rows = (top.to(opts).unsqueeze(1) + r).unsqueeze(2);   // [B, S, 1]
  const auto cols = (left.to(opts).unsqueeze(1) + r).unsqueeze(1);  // [B, 1, S]
  const auto b = torch::arange(x.size(0), opts).view({-1, 1, 1});
  return x.select(1, 0).index({b, rows, cols}).unsqueeze(1);
}

torch::Tensor five_crop(const torch::Tensor& x, int64_t size) {
  const int64_t h = x.size(2), w = x.size(3), n = x.size(0);
  const int64_t tops[5] = {0, 0, h - size, h - size, (h - size) / 2};
  const int64_t lefts[5] = {0, w - size, 0, w - size, (w - size) / 2};
  std::vector<torch::Tensor> crops;
  for (int k = 0; k < 5; ++k) {
    crops.push_back(x.index({Slice(), Slice(), Slice(tops[k], tops[k] + size), Slice(lefts[k], lefts[k] + size)}));
  }
  return torch::stack(crops, 1).reshape({n * 5, 1, size, size});
}

torch::Tensor ten_crop(const torch::Tensor& x, int64_t size) {
  const int64_t n = x.size(0);
  const auto crops = torch::stack({five_crop(x, size).view({n, 5, 1, size, size}),
                                   five_crop(x.flip(3), size).view({n, 5, 1, size, size})}, 1);
  return crops.reshape({n * 10, 1, size, size});
}

torch::Tensor augment_batch(const torch::Tensor& images, const config::AugmentConfig& a,
                            const ImageDataConfig& data, Rng& rng) {
  auto x = to_unit(images);
  const int64_t n = x.size(0), side = x.size(2), s = data.input_size;
  // 1. Geometry: one affine map per image (output -> input, normalised coordinates).
  std::vector<float> theta(static_cast<size_t>(n) * 6);
  std::vector<int64_t> warped;
  std::vector<uint8_t> flip(static_cast<size_t>(n));
  std::vector<float> bright(static_cast<size_t>(n), 1.0f), contrast(static_cast<size_t>(n), 1.0f);
  std::vector<int64_t> top(static_cast<size_t>(n), (side - s) / 2), left(static_cast<size_t>(n), (side - s) / 2);
  const double fside = static_cast<double>(side);
  for (int64_t i = 0; i < n; ++i) {
    double sx = 1, sy = 1, cx = 0, cy = 0, angle = 0;
    bool moved = false;
    if (draw(rng, a.resized_crop)) {
      Box b = sample_box(side, a.resized_crop_scale, a.resized_crop_ratio, /*erasing=*/false, rng);
      if (!b.ok) b = {0, 0, side, side, true};  // torchvision's fallback for a square image: all of it
      sx = b.width / fside, sy = b.height / fside;
      cx = (2.0 * b.left + b.width) / fside - 1, cy = (2.0 * b.top + b.height) / fside - 1;
      moved = true;
    }
    if (a.crop_padding > 0) {  // RandomCrop(side, padding): shift by an integer in [-pad, pad], zero fill
      const auto range = static_cast<uint64_t>(2 * a.crop_padding + 1);
      const auto dx = static_cast<int64_t>(uniform_below(rng, range)) - a.crop_padding;
      const auto dy = static_cast<int64_t>(uniform_below(rng, range)) - a.crop_padding;
      // Scaled by the crop's size, so the shift is whole pixels of the output image.
      cx += sx * 2.0 * static_cast<double>(dx) / fside, cy += sy * 2.0 * static_cast<double>(dy) / fside;
      moved = moved || dx != 0 || dy != 0;
    }
    if (draw(rng, a.translate_prob)) {  // RandomAffine(translate): whole-pixel shifts
      const double max_d = a.translate * fside;
      const double dx = std::round(uniform(rng, -max_d, max_d)), dy = std::round(uniform(rng, -max_d, max_d));
      cx -= sx * 2.0 * dx / fside, cy -= sy * 2.0 * dy / fside;
      moved = moved || dx != 0 || dy != 0;
    }
    if (draw(rng, a.rotation_prob)) {
      angle = uniform(rng, -a.rotation, a.rotation) * M_PI / 180.0;
      moved = true;
    }
    const double c = std::cos(angle), sn = std::sin(angle);
    float* t = theta.data() + 6 * i;
    t[0] = static_cast<float>(sx * c), t[1] = static_cast<float>(sx * sn), t[2] = static_cast<float>(cx);
    t[3] = static_cast<float>(-sy * sn), t[4] = static_cast<float>(sy * c), t[5] = static_cast<float>(cy);
    if (moved) warped.push_back(i);
    if (draw(rng, a.jitter_prob)) {
      bright[static_cast<size_t>(i)] = static_cast<float>(uniform(rng, 1 - a.brightness, 1 + a.brightness));
      contrast[static_cast<size_t>(i)] = static_cast<float>(uniform(rng, 1 - a.contrast, 1 + a.contrast));
    }
    flip[static_cast<size_t>(i)] = draw(rng, a.hflip);
    if (s < side && a.crop == "random") {
      top[static_cast<size_t>(i)] = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(side - s + 1)));
      left[static_cast<size_t>(i)] = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(side - s + 1)));
    }
  }
  const auto dev = x.device();
  if (!warped.empty()) {  // resample only the images that move, so the others stay bit-exact
    const auto idx = torch::tensor(warped, torch::kLong).to(dev);
    const auto th = torch::from_blob(theta.data(), {n, 2, 3}, torch::kFloat).index_select(0, idx.cpu()).to(dev);
    const auto sub = x.index_select(0, idx);
    const auto grid = torch::nn::functional::affine_grid(th, sub.sizes().vec(), /*align_corners=*/false);
    namespace F = torch::nn::functional;
    const auto moved = F::grid_sample(
        sub, grid, F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kZeros).align_corners(false));
    x = x.index_copy(0, idx, moved);
  }
  // 2. Brightness, then contrast around each image's mean (torchvision's grey-image semantics).
  if (a.jitter_prob > 0) {
    const auto b = torch::from_blob(bright.data(), {n, 1, 1, 1}, torch::kFloat).to(dev);
    const auto ct = torch::from_blob(contrast.data(), {n, 1, 1, 1}, torch::kFloat).to(dev);
    x = (x * b).clamp(0, 1);
    const auto mean = x.mean({1, 2, 3}, /*keepdim=*/true);
    x = ((x - mean) * ct + mean).clamp(0, 1);
  }
  // 3. Horizontal flip (exact: a reversal of columns).
  if (a.hflip > 0) {
    const auto f = torch::from_blob(flip.data(), {n}, torch::kUInt8).to(dev).to(torch::kBool).view({n, 1, 1, 1});
    x = torch::where(f, x.flip(3), x);
  }
  // 4. Crops of input_size.
  if (s < side) {
    if (a.crop == "five") {
      x = five_crop(x, s);
    } else if (a.crop == "ten") {
      x = ten_crop(x, s);
    } else {
      x = crop_at(x, torch::tensor(top, torch::kLong), torch::tensor(left, torch::kLong), s);
    }
  }
  x = normalize(x, data);
  // 5. Random erasing of each crop (after normalisation, value 0, as torchvision's default).
  if (a.erasing > 0) {
    const int64_t m = x.size(0);
    std::vector<int64_t> box(static_cast<size_t>(m) * 4, 0);
    bool any = false;
    for (int64_t i = 0; i < m; ++i) {
      if (!draw(rng, a.erasing)) continue;
      const Box b = sample_box(s, a.erasing_scale, a.erasing_ratio, /*erasing=*/true, rng);
      if (!b.ok) continue;
      int64_t* p = box.data() + 4 * i;
      p[0] = b.top, p[1] = b.top + b.height, p[2] = b.left, p[3] = b.left + b.width;
      any = true;
    }
    if (any) {
      const auto bt = torch::tensor(box, torch::kLong).view({m, 4}).to(dev);
      const auto r = torch::arange(s, torch::TensorOptions().dtype(torch::kLong).device(dev));
      const auto rows = (r.view({1, -1}) >= bt.select(1, 0).view({-1, 1})) & (r.view({1, -1}) < bt.select(1, 1).view({-1, 1}));
      const auto cols = (r.view({1, -1}) >= bt.select(1, 2).view({-1, 1})) & (r.view({1, -1}) < bt.select(1, 3).view({-1, 1}));
      const auto mask = (rows.unsqueeze(2) & cols.unsqueeze(1)).unsqueeze(1);  // [m, 1, S, S]
      x = x.masked_fill(mask, 0.0);
    }
  }
  return x.contiguous();
}

torch::Tensor eval_batch(const torch::Tensor& images, const ImageDataConfig& data, bool ten) {
  auto x = to_unit(images);
  const int64_t side = x.size(2), s = data.input_size;
  if (ten) {
    x = ten_crop(x, s);
  } else if (s < side) {
    const int64_t o = (side - s) / 2;
    x = x.index({Slice(), Slice(), Slice(o, o + s), Slice(o, o + s)});
  }
  return normalize(x, data).contiguous();
}

}  // namespace emorec::data
