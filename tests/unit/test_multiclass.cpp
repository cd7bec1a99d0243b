// Multi-class metrics against a hand-computed confusion matrix, the plateau schedule against PyTorch's rule,
// and the face preprocessing.
#include <gtest/gtest.h>

#include "config/experiment.h"
#include "image/gray_image.h"
#include "metrics/multiclass.h"
#include "train/schedule.h"

namespace emorec {
namespace {

TEST(Multiclass, HandComputedConfusion) {
  // truth -> predicted: class 0: 0,0,1; class 1: 1,1,1,2; class 2: 0 (classes 0..2)
  metrics::Confusion c(3);
  for (auto [t, p] : std::vector<std::pair<int, int>>{{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 2}, {2, 0}}) {
    c.add(t, p);
  }
  EXPECT_EQ(c.total(), 8);
  EXPECT_DOUBLE_EQ(metrics::accuracy(c), 5.0 / 8.0);
  const auto s = metrics::per_class(c);
  EXPECT_DOUBLE_EQ(s[0].precision, 2.0 / 3.0);  // predicted 0: two right of three
  EXPECT_DOUBLE_EQ(s[0].recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(s[1].precision, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(s[1].recall, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(s[2].precision, 0.0);  // one prediction of 2, wrong
  EXPECT_DOUBLE_EQ(s[2].recall, 0.0);
  EXPECT_DOUBLE_EQ(s[2].f1, 0.0);
  EXPECT_EQ(s[1].support, 4);
  EXPECT_DOUBLE_EQ(metrics::macro_f1(c), (2.0 / 3.0 + 3.0 / 4.0 + 0.0) / 3.0);
  EXPECT_THROW(c.add(3, 0), std::out_of_range);
  metrics::Confusion d(3);
  d.add(2, 2);
  c += d;
  EXPECT_DOUBLE_EQ(metrics::accuracy(c), 6.0 / 9.0);
}

TEST(PlateauSchedule, ReducesAfterPatienceEpochsWithoutImprovement) {
  config::ScheduleConfig s;
  s.name = "plateau", s.options = config::make_options(train::PlateauSchedule{0.5, 0.0, 2, 1e-4});
  train::PlateauState st;
  std::vector<double> lrs;
  for (double acc : {0.50, 0.60, 0.60, 0.60, 0.60, 0.70, 0.70, 0.70, 0.70}) {
    train::observe_epoch(s, st, acc);
    lrs.push_back(train::scheduled_lr(s, 0.01, 0, 10, st));
  }
  // best 0.60 at epoch 2; epochs 3, 4, 5 do not improve: the third (> patience) halves the rate.
  EXPECT_EQ(lrs, (std::vector<double>{0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.0025}));
  s.options.as<train::PlateauSchedule>().min_lr = 0.004;
  EXPECT_DOUBLE_EQ(train::scheduled_lr(s, 0.01, 0, 10, st), 0.004);
  // A schedule that does not follow the metric leaves the state alone.
  config::ScheduleConfig step;
  step.name = "step", step.options = config::make_options(train::StepSchedule{});
  const auto before = st;
  for (int i = 0; i < 5; ++i) train::observe_epoch(step, st, 0.1);
  EXPECT_EQ(st.scale, before.scale);
  EXPECT_EQ(st.bad_epochs, before.bad_epochs);
}

TEST(FacePreprocessing, CropsTheCentreSquareAndAveragesAreas) {
  // A 96x144 colour-free image whose 2x2 blocks are constant: the centre 96x96 square shrunk to 48x48 is exact.
  image::GrayImage big;
  big.width = 144, big.height = 96;
  big.pixels.resize(144 * 96);
  for (int y = 0; y < 96; ++y) {
    for (int x = 0; x < 144; ++x) big.pixels[static_cast<size_t>(y * 144 + x)] = static_cast<uint8_t>((x / 2 + 3 * (y / 2)) % 251);
  }
  const auto face = image::to_face(big);
  ASSERT_EQ(face.width, 48);
  ASSERT_EQ(face.height, 48);
  for (int y = 0; y < 48; ++y) {
    for (int x = 0; x < 48; ++x) {
      ASSERT_EQ(face.pixels[static_cast<size_t>(y * 48 + x)], static_cast<uint8_t>((x + 12 + 3 * y) % 251)) << x << "," << y;
    }
  }
  // A 48x48 image passes unchanged; a small one is enlarged.
  image::GrayImage same;
  same.width = same.height = 48;
  same.pixels.assign(48 * 48, 9);
  EXPECT_EQ(image::to_face(same).pixels, same.pixels);
  image::GrayImage tiny;
  tiny.width = tiny.height = 12;
  tiny.pixels.assign(144, 77);
  EXPECT_EQ(image::to_face(tiny).pixels, std::vector<uint8_t>(48 * 48, 77));
}

}  // namespace
}  // namespace emorec
