// The log-mel front end (data/audio/mel.h) against librosa 0.10.2: the mel scale, two filterbanks (Slaney
// scale and area norm; HTK scale unnormalised) and a spectrogram of two sines in decibels. The reference
// values were printed by tests/unit/audio/make_mel_reference.py (librosa computes the filterbanks in float64
// and stores float32; this code likewise). Tolerances: mel points 1e-6 relative; filter weights 1e-6 relative
// to the row's peak (float32 storage); decibels 0.01 dB where the power is above -60 dB of full scale (both
// sides compute the STFT in float32 with different FFT libraries, which differ far below the peaks); below
// that, both below -60 dB. SpecAugment: masks within their widths, filled with the example's mean, the same
// for the same seed.
#include <gtest/gtest.h>

#include "core/error.h"
#include "data/audio/mel.h"
#include "data/audio/spec_augment.h"

namespace emorec::data {
namespace {

// From tests/unit/audio/make_mel_reference.py.
const std::vector<double> kSlaneyRowSums = {0.0319789425, 0.0319794938, 0.0320224687, 0.0319888964,
                                            0.0320024192, 0.0320000909, 0.031999778,  0.0319996253};
constexpr int64_t kSlaneyRow3First = 33;  // the row is 0 outside [33, 64]
const std::vector<double> kSlaneyRow3 = {
    0.000123100617, 0.000273342244, 0.000423583871, 0.000573825499, 0.000724067038, 0.000874308695,
    0.00102455029,  0.00117479195,  0.00132503361,  0.00147527514,  0.0016255168,   0.00177575846,
    0.001926,       0.00193964737,  0.0018333107,   0.00172697415,  0.00162063749,  0.00151430094,
    0.00140796439,  0.00130162784,  0.00119529129,  0.00108895462,  0.000982618076, 0.000876281469,
    0.000769944862, 0.000663608254, 0.000557271705, 0.000450935098, 0.00034459852,  0.000238261928,
    0.000131925335, 2.55887589e-05};
const std::vector<double> kHtkRowSums = {9.79414845, 12.2198086, 15.2632389, 19.0795403, 23.8389854,
                                         29.7962303, 37.2284241, 46.5186577, 58.1319504, 72.6417389};
constexpr int64_t kHtkRow7First = 134;  // the row is 0 outside [134, 226]
const std::vector<double> kHtkRow7 = {
    0.0194196869, 0.0435982756, 0.0677768663, 0.0919554606, 0.116134048,  0.140312642, 0.164491236,
    0.188669831,  0.21284841,   0.237027004,  0.261205584,  0.285384178,  0.309562773, 0.333741367,
    0.357919961,  0.382098556,  0.40627715,   0.430455744,  0.454634339,  0.478812903, 0.502991498,
    0.527170122,  0.551348686,  0.57552731,   0.599705875,  0.623884439,  0.648063064, 0.672241628,
    0.696420252,  0.720598817,  0.744777441,  0.768956006,  0.79313463,   0.817313194, 0.841491759,
    0.865670383,  0.889848948,  0.914027572,  0.938206136,  0.96238476,   0.986563325, 0.991403639,
    0.972054482,  0.952705324,  0.933356166,  0.914007008,  0.89465785,   0.875308692, 0.855959535,
    0.836610377,  0.817261219,  0.797912061,  0.778562903,  0.759213746,  0.739864588, 0.72051543,
    0.701166272,  0.681817114,  0.662467957,  0.643118799,  0.623769641,  0.604420483, 0.585071325,
    0.565722167,  0.54637301,   0.527023852,  0.507674694,  0.488325536,  0.468976378, 0.449627221,
    0.430278063,  0.410928905,  0.391579747,  0.372230589,  0.352881432,  0.333532274, 0.314183116,
    0.294833958,  0.2754848,    0.256135643,  0.236786485,  0.217437327,  0.198088169, 0.178739011,
    0.159389853,  0.140040696,  0.12069153,   0.101342373,  0.0819932148, 0.062644057, 0.0432948992,
    0.0239457414, 0.00459658215};
const std::vector<double> kMelPoints = {0, 7.5,       15,         28.3275206, 45.2456405,
                                        0, 607.44592, 999.985537, 1712.83478, 2840.02305};
const std::vector<double> kDbFrames0And7 = {
    -2.21402621, 9.56467152,  8.73733139,  -11.1477194, -21.6705704, -0.713303328, 3.71035528,  -11.4366989,
    -18.9204235, -23.487875,  -27.2511959, -30.562746,  -33.5287857, -36.1425705,  -38.3136787, -39.8544655,
    -45.3502083, 12.5558672,  12.2047157,  -47.6793251, -51.4854813, 2.48174095,   7.00472403,  -34.8528633,
    -68.4298553, -83.3410568, -94.3280029, -100,        -100,        -100,         -100,        -100};
const std::vector<double> kDbReflectHtkFrame0 = {
    23.2196083, 27.5527115, 35.8796387, 31.5879154, 14.1568899,   23.6421242,  30.526886,   19.3814888,
    11.6915407, 7.7264924,  4.68183136, 2.16533589, 0.0729817972, -1.61395574, -2.84503436, -3.48506951};

void expect_row(const torch::Tensor& row, int64_t first, const std::vector<double>& want) {
  const double peak = *std::max_element(want.begin(), want.end());
  for (int64_t k = 0; k < row.size(0); ++k) {
    const auto i = k - first;
    const double expected =
        i >= 0 && i < static_cast<int64_t>(want.size()) ? want[static_cast<size_t>(i)] : 0.0;
    EXPECT_NEAR(row[k].item<double>(), expected, 1e-6 * peak) << "bin " << k;
  }
}

TEST(AudioMel, MelScalesMatchLibrosa) {
  const double hz[] = {0, 500, 1000, 2500, 8000};
  for (int i = 0; i < 5; ++i) {
    EXPECT_NEAR(hz_to_mel(hz[i], "slaney"), kMelPoints[static_cast<size_t>(i)], 1e-6 * (1 + kMelPoints[i]));
    EXPECT_NEAR(hz_to_mel(hz[i], "htk"), kMelPoints[static_cast<size_t>(i + 5)],
                1e-6 * (1 + kMelPoints[i + 5]));
    EXPECT_NEAR(mel_to_hz(hz_to_mel(hz[i], "slaney"), "slaney"), hz[i], 1e-9 * (1 + hz[i]));
    EXPECT_NEAR(mel_to_hz(hz_to_mel(hz[i], "htk"), "htk"), hz[i], 1e-9 * (1 + hz[i]));
  }
}

TEST(AudioMel, SlaneyFilterbankMatchesLibrosa) {
  MelOptions o;
  o.sample_rate = 16000, o.n_fft = 512, o.n_mels = 8, o.f_max = 8000;
  const auto fb = mel_filterbank(o);
  ASSERT_EQ(fb.sizes(), (std::vector<int64_t>{8, 257}));
  for (int64_t m = 0; m < 8; ++m) EXPECT_NEAR(fb[m].sum().item<double>(), kSlaneyRowSums[m], 1e-6) << m;
  expect_row(fb[3], kSlaneyRow3First, kSlaneyRow3);
}

TEST(AudioMel, HtkFilterbankWithoutNormMatchesLibrosa) {
  MelOptions o;
  o.sample_rate = 22050, o.n_fft = 1024, o.n_mels = 10, o.f_min = 50, o.f_max = 8000, o.scale = "htk",
  o.norm = "none";
  const auto fb = mel_filterbank(o);
  ASSERT_EQ(fb.sizes(), (std::vector<int64_t>{10, 513}));
  for (int64_t m = 0; m < 10; ++m)
    EXPECT_NEAR(fb[m].sum().item<double>(), kHtkRowSums[m], 1e-5 * kHtkRowSums[m]) << m;
  expect_row(fb[7], kHtkRow7First, kHtkRow7);
}

TEST(AudioMel, DecibelSpectrogramOfTwoSinesMatchesLibrosa) {
  MelOptions o;
  o.sample_rate = 16000, o.n_fft = 512, o.hop_length = 256, o.n_mels = 16;
  const auto n = torch::arange(4000, torch::kDouble);
  const auto x =
      (0.5 * torch::sin(2 * M_PI * 440 * n / 16000) + 0.25 * torch::sin(2 * M_PI * 1234.5 * n / 16000))
          .to(torch::kFloat);
  const auto db = log_mel_spectrogram(x, mel_filterbank(o), o);
  ASSERT_EQ(db.sizes(), (std::vector<int64_t>{16, 16}));  // 1 + 4000 / 256 frames, centred
  for (int f = 0; f < 2; ++f) {
    const int64_t frame = f == 0 ? 0 : 7;
    for (int64_t m = 0; m < 16; ++m) {
      const double want = kDbFrames0And7[static_cast<size_t>(f * 16 + m)];
      const double got = db[m][frame].item<double>();
      if (want > -60) {
        EXPECT_NEAR(got, want, 0.01) << "band " << m << ", frame " << frame;
      } else {
        EXPECT_LT(got, -60) << "band " << m << ", frame " << frame;
      }
    }
  }
  // A batch gives each waveform's spectrogram.
  const auto batch = log_mel_spectrogram(torch::stack({x, x * 0.5f}), mel_filterbank(o), o);
  EXPECT_TRUE(torch::allclose(batch[0], db, 1e-5, 1e-4));
  // Half the amplitude: a quarter of the power, -6.02 dB, where the signal is well above the floor.
  EXPECT_NEAR((batch[0][2][7] - batch[1][2][7]).item<double>(), 20 * std::log10(2.0), 1e-3);
}

TEST(AudioMel, ReflectPaddedHtkFrontEndMatchesLibrosa) {
  MelOptions o;
  o.sample_rate = 16000, o.n_fft = 512, o.hop_length = 256, o.n_mels = 16, o.scale = "htk", o.norm = "none";
  o.pad_mode = "reflect";
  const auto n = torch::arange(4000, torch::kDouble);
  const auto x =
      (0.5 * torch::sin(2 * M_PI * 440 * n / 16000) + 0.25 * torch::sin(2 * M_PI * 1234.5 * n / 16000))
          .to(torch::kFloat);
  const auto db = log_mel_spectrogram(x, mel_filterbank(o), o);
  for (int64_t m = 0; m < 16; ++m) {
    EXPECT_NEAR(db[m][0].item<double>(), kDbReflectHtkFrame0[static_cast<size_t>(m)], 0.01) << "band " << m;
  }
  EXPECT_THROW(log_mel_spectrogram(x.narrow(0, 0, 100), mel_filterbank(o), o),
               RunError);  // shorter than the pad
}

TEST(AudioMel, SpecAugmentMasksWithinItsWidthsAndRepeatsWithTheSeed) {
  const auto mel = torch::randn({3, 32, 50}) + 5.0;
  SpecAugmentOptions o;
  o.freq_masks = 2, o.freq_width = 4, o.time_masks = 1, o.time_width = 10;
  Rng a(7), b(7);
  const auto x = spec_augment(mel, o, a), y = spec_augment(mel, o, b);
  EXPECT_TRUE(x.equal(y));
  for (int64_t i = 0; i < 3; ++i) {
    const auto changed = x[i].ne(mel[i]);
    // At most 2 x 4 bands over every frame plus 10 frames over every band.
    EXPECT_LE(changed.sum().item<int64_t>(), 2 * 4 * 50 + 10 * 32);
    const auto fill = mel[i].mean().item<float>();
    EXPECT_TRUE(torch::all(x[i].masked_select(changed) == fill).item<bool>());
  }
  EXPECT_TRUE(spec_augment(mel, SpecAugmentOptions{}, a).equal(mel));  // off by default
}

TEST(AudioMel, BadFrequenciesNameTheKey) {
  MelOptions o;
  o.sample_rate = 16000, o.f_max = 9000;
  try {
    mel_filterbank(o);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("data.mel.f_max"), std::string::npos) << e.what();
  }
  o.f_max = 0, o.f_min = 8000;
  EXPECT_THROW(mel_filterbank(o), ConfigError);
}

}  // namespace
}  // namespace emorec::data
