// The decoded-once cache of an audio data set's log-mel spectrograms: epochs read one binary file instead of
// decoding, resampling and transforming the audio again.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "data/audio/audio_data_config.h"
#include "data/audio/tag_table.h"

namespace emorec::data {

enum class TrackStatus : uint8_t { kOk = 0, kUndecodable = 1, kSilent = 2 };

struct MelTracks {
  std::vector<TrackStatus> status;   // per track of the table
  std::vector<std::string> problem;  // why a track is unusable (names the file); empty when usable
  std::vector<int64_t> count;        // frames per track (0 when unusable)
  torch::Tensor frames;              // [sum of count, n_mels] float16, CPU, tracks in table order
};

struct MelCacheInfo {
  std::string path;
  bool rebuilt = false;
  std::string reason;  // why it was rebuilt ("no cache yet", "the audio changed", "checksum mismatch", ...)
};

// The cache file in `cache_dir` is named by the tags file and the mel options, and records a fingerprint of
// the tags file and every audio file it names (path, size, modification time) and a CRC-32 of its payload; it
// is rebuilt when any of them changed or the check fails, and written atomically. Decoding computes the
// log-mels on `device`.
MelTracks load_mel_cached(const TagTable& table, const MelOptions& mel, const std::string& cache_dir,
                          torch::Device device, MelCacheInfo* info = nullptr);

// One decoded waveform's log-mel spectrogram [n_mels, frames] float on `device` (resampled from `rate` to
// mel.sample_rate).
torch::Tensor waveform_mel(const std::vector<float>& samples, int64_t rate, const MelOptions& mel,
                           const torch::Tensor& filterbank, torch::Device device);

}  // namespace emorec::data
