// An audio data set ready to train on: the tag table (data/audio/tag_table.h), every track's log-mel
// spectrogram decoded once into a checksummed cache (as FER2013's), the tags as a multi-hot matrix, and the
// chunks the models see: random offsets per epoch for training, evenly spaced chunks over the whole track for
// evaluation.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "data/audio/audio_data_config.h"
#include "data/audio/tag_table.h"

namespace emorec::data {

struct AudioDataset {
  TagTable table;
  AudioDataConfig keys;
  torch::Tensor frames;  // every usable track's mel frames [total frames, n_mels], float16, CPU
  std::vector<int64_t> start,
      count;             // per track: its first row in `frames` and its frame count (0: unusable)
  torch::Tensor labels;  // [tracks, tags] float, multi-hot
  std::vector<int64_t> train, eval, test;                 // usable tracks of each split
  int64_t undecodable = 0, silent = 0, short_tracks = 0;  // short: fewer frames than data.chunk_frames
  std::vector<std::string> problems;  // why each unusable file was left out, naming the file
  std::string cache_path;
  bool cache_rebuilt = false;

  int64_t n_mels() const { return keys.mel.n_mels; }
  int64_t tags() const { return static_cast<int64_t>(table.tags.size()); }
  std::vector<std::string> tag_groups() const;  // the group of each tag
  std::string summary() const;
  // The log-mel spectrogram of a usable track [n_mels, frames] float.
  torch::Tensor track_mel(int64_t track) const;
  // Chunk of `track` from frame `offset`, [n_mels, chunk_frames] float; a short track is padded with its
  // lowest value.
  torch::Tensor chunk(int64_t track, int64_t offset) const;
  // A training batch: one chunk per track at a random offset drawn from `rng`, [B, n_mels, chunk_frames].
  torch::Tensor random_chunks(const std::vector<int64_t>& tracks, uint64_t seed) const;
  // The evaluation chunks of `track` (data.eval_chunks), [n, n_mels, chunk_frames].
  torch::Tensor eval_chunks(int64_t track) const;
};

// A chunk of a log-mel spectrogram [n_mels, frames] from frame `offset` (clamped so that it fits),
// [n_mels, chunk_frames] float; a spectrogram shorter than the chunk is padded with its lowest value.
torch::Tensor mel_chunk(const torch::Tensor& mel, int64_t offset, int64_t chunk_frames);
// The evaluation chunks of a spectrogram [n, n_mels, chunk_frames]: `count` evenly spaced from the first
// frame to the last chunk that fits (0: as many as cover it, ceil(frames / chunk_frames)); one when it is
// shorter.
torch::Tensor mel_eval_chunks(const torch::Tensor& mel, int64_t chunk_frames, int64_t count);

// Reads the data set of `data` (kind audio): the tags file, then the cache, decoding and resampling the audio
// (log-mels computed on `device`) where the cache is missing, stale or fails its checksum. Undecodable and
// silent files are left out, counted, and named in the log.
AudioDataset load_audio_dataset(const config::DataConfig& data, torch::Device device);

// The log-mel spectrogram of one audio file as the data set computes it: decoded, resampled to
// keys.mel.sample_rate, [n_mels, frames] float on `device`. DataError naming the file when it cannot be read.
// `filterbank` is mel_filterbank(keys.mel) on `device` (held by a caller that reads many files); undefined:
// built here.
torch::Tensor audio_file_mel(const std::string& path, const AudioDataConfig& keys, torch::Device device,
                             const torch::Tensor& filterbank = {});

}  // namespace emorec::data
