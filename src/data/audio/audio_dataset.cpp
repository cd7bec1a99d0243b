#include "data/audio/audio_dataset.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "data/audio/audio_file.h"
#include "data/audio/mel.h"
#include "data/audio/mel_cache.h"
#include "data/dataset_registry.h"
#include "data/fer/fer_dataset.h"

namespace emorec::data {
namespace {
constexpr size_t kListedProblems = 10;  // unusable files named one by one in the log
}  // namespace

std::vector<std::string> AudioDataset::tag_groups() const {
  std::vector<std::string> out;
  for (const auto& t : table.tags) out.push_back(TagTable::group_of(t));
  return out;
}

std::string AudioDataset::summary() const {
  std::ostringstream s;
  s << table.summary() << "; usable: train " << train.size() << ", eval " << eval.size() << ", test "
    << test.size() << "; " << undecodable << " undecodable, " << silent << " silent, " << short_tracks
    << " shorter than " << keys.chunk_frames << " frames (padded)";
  return s.str();
}

torch::Tensor mel_chunk(const torch::Tensor& mel, int64_t offset, int64_t c) {
  const int64_t n = mel.size(1);
  if (n >= c) return mel.narrow(1, std::clamp<int64_t>(offset, 0, n - c), c);
  return torch::constant_pad_nd(mel, {0, c - n}, mel.min().item<double>());
}

torch::Tensor mel_eval_chunks(const torch::Tensor& mel, int64_t c, int64_t count) {
  const int64_t n = mel.size(1);
  if (n <= c) return mel_chunk(mel, 0, c).unsqueeze(0);
  const int64_t k = count > 0 ? count : (n + c - 1) / c;
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < k; ++i) {
    const int64_t offset =
        k == 1 ? (n - c) / 2
               : static_cast<int64_t>(std::llround(static_cast<double>(i) * static_cast<double>(n - c) /
                                                   static_cast<double>(k - 1)));
    out.push_back(mel.narrow(1, offset, c));
  }
  return torch::stack(out);
}

torch::Tensor AudioDataset::track_mel(int64_t track) const {
  const auto t = static_cast<size_t>(track);
  return frames.narrow(0, start[t], count[t]).t().to(torch::kFloat);
}

torch::Tensor AudioDataset::chunk(int64_t track, int64_t offset) const {
  const auto t = static_cast<size_t>(track);
  const int64_t c = keys.chunk_frames;
  // Convert only the chunk's rows.
  if (count[t] >= c) {
    return frames.narrow(0, start[t] + std::clamp<int64_t>(offset, 0, count[t] - c), c).t().to(torch::kFloat);
  }
  return mel_chunk(track_mel(track), 0, c);
}

torch::Tensor AudioDataset::random_chunks(const std::vector<int64_t>& tracks, uint64_t seed) const {
  Rng rng(seed);
  std::vector<torch::Tensor> out;
  out.reserve(tracks.size());
  for (const int64_t t : tracks) {
    const int64_t spare = std::max<int64_t>(count[static_cast<size_t>(t)] - keys.chunk_frames, 0);
    out.push_back(chunk(t, static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(spare + 1)))));
  }
  return torch::stack(out);
}

torch::Tensor AudioDataset::eval_chunks(int64_t track) const {
  return mel_eval_chunks(track_mel(track), keys.chunk_frames, keys.eval_chunks);
}

AudioDataset load_audio_dataset(const config::DataConfig& data, torch::Device device) {
  AudioDataset ds;
  ds.keys = audio_data_config(data);
  std::string how;
  const std::string root = resolve_data_root(data.root, &how);
  const std::string tags_file = dataset_file(root, how, data.dataset, ds.keys.path);
  ds.table = read_tag_table(tags_file, ds.keys);
  MelCacheInfo cache;
  MelTracks mel =
      load_mel_cached(ds.table, ds.keys.mel, resolve_cache_dir(ds.keys.cache_dir), device, &cache);
  if (!cache.rebuilt) log_info("audio log-mels from cache ", cache.path);
  ds.cache_path = cache.path, ds.cache_rebuilt = cache.rebuilt;
  ds.frames = mel.frames;
  ds.count = mel.count;
  const size_t n = ds.table.tracks.size();
  ds.start.assign(n, 0);
  ds.labels = torch::zeros({static_cast<int64_t>(n), ds.tags()}, torch::kFloat);
  auto labels = ds.labels.accessor<float, 2>();
  int64_t next = 0;
  size_t listed = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto& track = ds.table.tracks[i];
    for (const int64_t t : track.tags) labels[static_cast<int64_t>(i)][t] = 1.0f;
    ds.start[i] = next;
    next += ds.count[i];
    if (mel.status[i] != TrackStatus::kOk) {
      (mel.status[i] == TrackStatus::kSilent ? ds.silent : ds.undecodable) += 1;
      ds.problems.push_back(mel.problem[i]);
      if (listed++ < kListedProblems) log_warn("left out: ", mel.problem[i]);
      continue;
    }
    if (ds.count[i] < ds.keys.chunk_frames) ++ds.short_tracks;
    auto& split = track.split == AudioSplit::kTrain  ? ds.train
                  : track.split == AudioSplit::kEval ? ds.eval
                                                     : ds.test;
    split.push_back(static_cast<int64_t>(i));
  }
  if (listed > kListedProblems) log_warn("left out: ", listed - kListedProblems, " more unusable files");
  if (ds.train.empty() || ds.eval.empty()) {
    throw DataError(tags_file + ": no usable audio in the training or the eval split (" + ds.summary() + ")");
  }
  return ds;
}

torch::Tensor audio_file_mel(const std::string& path, const AudioDataConfig& keys, torch::Device device,
                             const torch::Tensor& filterbank) {
  const Audio audio = read_audio(path);
  if (audio.silent()) throw DataError(path + ": silent (no sample reaches 16-bit resolution)");
  return waveform_mel(audio.samples, audio.sample_rate, keys.mel,
                      filterbank.defined() ? filterbank : mel_filterbank(keys.mel).to(device), device);
}

}  // namespace emorec::data
