// Log-mel spectrograms in LibTorch, on the device the waveforms are on: torch::stft with a periodic Hann
// window, the power spectrum, a mel filterbank defined as librosa defines it (librosa.filters.mel: the Slaney
// mel scale with Slaney area normalisation by default, or the HTK scale, with or without normalisation), and
// log compression (decibels as librosa.power_to_db, or log(1 + C x)). tests/unit/test_audio_mel.cpp checks
// the filterbank and the spectrogram against values computed with librosa 0.10.2.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "data/audio/audio_data_config.h"

namespace emorec::data {

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
