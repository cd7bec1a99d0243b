// Augmentation and crop invariants: shapes, exact mirrors, identity without augmentation, crop positions,
// padding shifts, erasing areas, determinism by seed.
#include <gtest/gtest.h>

#include "config/experiment.h"
#include "data/fer/augment.h"

namespace emorec {
namespace {

using torch::indexing::Slice;

torch::Tensor random_images(int64_t n, uint64_t seed = 1) {
  torch::manual_seed(static_cast<int64_t>(seed));
  return torch::randint(0, 256, {n, 48, 48}, torch::kUInt8);
}

data::ImageDataConfig data_config(int64_t input = 48) {
  data::ImageDataConfig d;
  d.input_size = input;
  return d;
}

TEST(Augment, NoAugmentationIsScalingAndNormalisation) {
  const auto x = random_images(4);
  config::AugmentConfig a;
  auto d = data_config();
  d.pixel_mean = 0.5, d.pixel_std = 0.25;
  Rng rng(1);
  const auto out = data::augment_batch(x, a, d, rng);
  ASSERT_EQ(out.sizes(), (std::vector<int64_t>{4, 1, 48, 48}));
  const auto expected = (x.unsqueeze(1).to(torch::kFloat) / 255.0f - 0.5f) / 0.25f;
  EXPECT_TRUE(torch::allclose(out, expected, 0, 1e-6));
  EXPECT_TRUE(torch::equal(data::eval_batch(x, d, false), out));
}

TEST(Augment, FlipsAreExactMirrors) {
  const auto x = random_images(64);
  config::AugmentConfig a;
  a.hflip = 0.5;
  Rng rng(7);
  const auto out = data::augment_batch(x, a, data_config(), rng);
  const auto plain = data::to_unit(x), mirrored = data::to_unit(x).flip(3);
  int flipped = 0;
  for (int64_t i = 0; i < 64; ++i) {
    const bool same = torch::equal(out[i], plain[i]), mirror = torch::equal(out[i], mirrored[i]);
    EXPECT_TRUE(same || mirror) << "image " << i << " is neither itself nor its exact mirror";
    flipped += mirror && !same;
  }
  EXPECT_GT(flipped, 16);  // p = 0.5 over 64 images: 32 expected, 16 is > 4 sd away
  EXPECT_LT(flipped, 48);
}

TEST(Augment, PaddingCropShiftsByWholePixelsWithZeroFill) {
  const auto x = random_images(8);
  config::AugmentConfig a;
  a.crop_padding = 4;
  Rng rng(3);
  const auto out = data::augment_batch(x, a, data_config(), rng);
  const auto in = data::to_unit(x);
  for (int64_t i = 0; i < 8; ++i) {
    bool found = false;
    for (int dy = -4; dy <= 4 && !found; ++dy) {
      for (int dx = -4; dx <= 4 && !found; ++dx) {
        auto shifted = torch::zeros({1, 48, 48});
        const int64_t sy0 = std::max(0, dy), sy1 = std::min(48, 48 + dy), sx0 = std::max(0, dx), sx1 = std::min(48, 48 + dx);
        // output(y, x) = input(y + dy, x + dx)
        shifted.index_put_({Slice(), Slice(sy0 - dy, sy1 - dy), Slice(sx0 - dx, sx1 - dx)},
                           in[i].index({Slice(), Slice(sy0, sy1), Slice(sx0, sx1)}));
        found = torch::allclose(out[i], shifted, 0, 1e-5);
      }
    }
    EXPECT_TRUE(found) << "image " << i << " is not a whole-pixel shift with zero fill";
  }
}

TEST(Augment, TenCropPositionsFollowTorchvision) {
  // Pixel value = 48 * row + column, so a crop's corner value tells where it came from.
  const auto x = torch::arange(48 * 48, torch::kFloat).view({1, 1, 48, 48});
  const auto crops = data::ten_crop(x, 40);
  ASSERT_EQ(crops.sizes(), (std::vector<int64_t>{10, 1, 40, 40}));
  const int64_t corner[5][2] = {{0, 0}, {0, 8}, {8, 0}, {8, 8}, {4, 4}};  // (top, left)
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(crops[k][0][0][0].item<float>(), static_cast<float>(48 * corner[k][0] + corner[k][1])) << "crop " << k;
    EXPECT_TRUE(torch::equal(crops[k][0], x[0][0].index({Slice(corner[k][0], corner[k][0] + 40),
                                                          Slice(corner[k][1], corner[k][1] + 40)})));
    // Crops 5..9 are the same positions in the mirror image.
    EXPECT_TRUE(torch::equal(crops[5 + k][0], x.flip(3)[0][0].index({Slice(corner[k][0], corner[k][0] + 40),
                                                                      Slice(corner[k][1], corner[k][1] + 40)})));
  }
  const auto u8 = torch::randint(0, 256, {3, 48, 48}, torch::kUInt8);
  EXPECT_EQ(data::eval_batch(u8, data_config(40), true).sizes(), (std::vector<int64_t>{30, 1, 40, 40}));
  const auto centre = data::eval_batch(u8, data_config(40), false);
  EXPECT_TRUE(torch::equal(centre, data::to_unit(u8).index({Slice(), Slice(), Slice(4, 44), Slice(4, 44)})));
}

TEST(Augment, TrainingCropModesGiveTheirShapes) {
  const auto x = random_images(5);
  config::AugmentConfig a;
  for (const auto& [mode, crops] : std::vector<std::pair<std::string, int64_t>>{{"center", 1}, {"random", 1}, {"five", 5}, {"ten", 10}}) {
    a.crop = mode;
    Rng rng(1);
    EXPECT_EQ(data::augment_batch(x, a, data_config(40), rng).sizes(), (std::vector<int64_t>{5 * crops, 1, 40, 40})) << mode;
    EXPECT_EQ(data::train_crops(a), crops);
  }
  // Random crops are windows of the image.
  a.crop = "random";
  Rng rng(2);
  const auto out = data::augment_batch(x, a, data_config(40), rng);
  const auto in = data::to_unit(x);
  for (int64_t i = 0; i < 5; ++i) {
    bool found = false;
    for (int t = 0; t <= 8 && !found; ++t) {
      for (int l = 0; l <= 8 && !found; ++l) found = torch::equal(out[i], in[i].index({Slice(), Slice(t, t + 40), Slice(l, l + 40)}));
    }
    EXPECT_TRUE(found);
  }
}

TEST(Augment, ErasingZeroesOneRectangleOfTheConfiguredArea) {
  const auto x = torch::full({32, 48, 48}, 200, torch::kUInt8);
  config::AugmentConfig a;
  a.erasing = 1.0;
  Rng rng(5);
  const auto out = data::augment_batch(x, a, data_config(), rng);
  for (int64_t i = 0; i < 32; ++i) {
    const auto zero = out[i][0].eq(0);
    const int64_t area = zero.sum().item<int64_t>();
    EXPECT_GE(area, static_cast<int64_t>(0.02 * 48 * 48 * 0.8)) << i;  // rounding of h and w
    EXPECT_LE(area, static_cast<int64_t>(0.33 * 48 * 48 * 1.2)) << i;
    // The zeros form a rectangle: its bounding box is full.
    const auto rows = zero.any(1).nonzero(), cols = zero.any(0).nonzero();
    const int64_t h = rows.size(0), w = cols.size(0);
    EXPECT_EQ(area, h * w) << i;
  }
}

TEST(Augment, GeometryKeepsShapeAndIsDeterministicBySeed) {
  const auto x = random_images(16);
  config::AugmentConfig a;
  a.resized_crop = 1.0, a.resized_crop_scale = {0.8, 1.2};
  a.rotation = 10, a.rotation_prob = 0.5, a.translate = 0.2, a.translate_prob = 0.5;
  a.jitter_prob = 0.5, a.brightness = 0.5, a.contrast = 0.5;
  Rng r1(11), r2(11), r3(12);
  const auto o1 = data::augment_batch(x, a, data_config(), r1);
  const auto o2 = data::augment_batch(x, a, data_config(), r2);
  const auto o3 = data::augment_batch(x, a, data_config(), r3);
  EXPECT_EQ(o1.sizes(), (std::vector<int64_t>{16, 1, 48, 48}));
  EXPECT_TRUE(torch::equal(o1, o2));
  EXPECT_FALSE(torch::equal(o1, o3));
  EXPECT_GE(o1.min().item<float>(), 0.0f);
  EXPECT_LE(o1.max().item<float>(), 1.0f);
}

}  // namespace
}  // namespace emorec

namespace emorec {
namespace {

TEST(AugmentCuda, SameBatchOnTheGpuAsOnTheCpu) {
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
  const auto x = torch::randint(0, 256, {32, 48, 48}, torch::kUInt8);
  config::AugmentConfig a;
  a.crop = "ten", a.resized_crop = 1.0, a.resized_crop_scale = {0.8, 1.2};
  a.translate = 0.2, a.translate_prob = 0.5, a.hflip = 0.5, a.rotation = 10, a.rotation_prob = 0.5, a.erasing = 0.5;
  data::ImageDataConfig d;
  d.input_size = 40;
  Rng r1(4), r2(4);
  const auto cpu = data::augment_batch(x, a, d, r1);
  const auto gpu = data::augment_batch(x.to(torch::kCUDA), a, d, r2).cpu();
  // The same draws; bilinear resampling may differ in the last bits between the two backends.
  EXPECT_TRUE(torch::allclose(cpu, gpu, 0, 1e-4));
}

}  // namespace
}  // namespace emorec
