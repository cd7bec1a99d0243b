// Log-mel spectrograms in LibTorch, on the device the waveforms are on: torch::stft with a periodic Hann
// window, the power spectrum, a mel filterbank defined as librosa defines it (librosa.filters.mel: the Slaney
// mel scale with Slaney area normalisation by default, or the HTK scale, with or without normalisation), and
// log compression (decibels as librosa.power_to_db, or log(1 + C x)). tests/unit/test_audio_mel.cpp checks
// the filterbank and the spectrogram against values computed with librosa 0.10.2.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "config/visitor.h"

namespace emorec::data {

struct MelOptions {
  int64_t sample_rate = 16000;
  int64_t n_fft = 512;
  int64_t hop_length = 256;
  int64_t n_mels = 128;
  double f_min = 0.0;
  double f_max = 0.0;            // 0: sample_rate / 2
  std::string scale = "slaney";  // slaney | htk: the mel scale
  std::string norm = "slaney";   // slaney (each filter's area 1 in Hz) | none (peak 1)
  bool center = true;            // frames centred on t * hop_length, the signal padded by n_fft / 2
  std::string pad_mode =
      "constant";          // constant (zeros, librosa 0.10) | reflect (torchaudio, the reference code)
  std::string log = "db";  // db: 10 log10(max(P, 1e-10)) | log1p: log(1 + 10000 P) | none
  void visit(config::ConfigVisitor& v);
};

// Hz to mel and back on the chosen scale (librosa.hz_to_mel / mel_to_hz).
double hz_to_mel(double hz, const std::string& scale);
double mel_to_hz(double mel, const std::string& scale);

// The filterbank [n_mels, n_fft / 2 + 1] (float32, CPU), as librosa.filters.mel(sr=sample_rate, n_fft=n_fft,
// n_mels=n_mels, fmin=f_min, fmax=f_max, htk=(scale == "htk"), norm=("slaney" or None)). ConfigError naming
// the key for f_max above the Nyquist frequency or f_min >= f_max.
torch::Tensor mel_filterbank(const MelOptions& options);

// Waveforms float [T] or [B, T] (any device) to power mel spectrograms [n_mels, frames] / [B, n_mels, frames]
// (librosa.feature.melspectrogram with power 2 and the same pad_mode), then the chosen log compression.
// `filterbank`: mel_filterbank(options), moved to the waveforms' device by the caller once.
torch::Tensor log_mel_spectrogram(const torch::Tensor& waves, const torch::Tensor& filterbank,
                                  const MelOptions& options);

}  // namespace emorec::data
