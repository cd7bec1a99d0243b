// Cache file: "EMORAUD1", the tags file's path, the options, a fingerprint, the track count, a CRC-32, then
// per track its status, frame count and problem, then the frames as float16.
#include "data/audio/mel_cache.h"

#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/atomic_file.h"
#include "core/binary_io.h"
#include "core/error.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/rng.h"
#include "data/audio/audio_file.h"
#include "data/audio/mel.h"
#include "data/audio/resample.h"

namespace fs = std::filesystem;

namespace emorec::data {
namespace {

constexpr char kMagic[8] = {'E', 'M', 'O', 'R', 'A', 'U', 'D', '1'};

std::string options_text(const MelOptions& m) {
  std::ostringstream s;
  s.precision(17);
  s << m.sample_rate << '|' << m.n_fft << '|' << m.hop_length << '|' << m.n_mels << '|' << m.f_min << '|'
    << m.f_max << '|' << m.scale << '|' << m.norm << '|' << m.center << '|' << m.pad_mode << '|' << m.log;
  return s.str();
}

std::string stat_text(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return path + "|missing";
  const auto time = fs::last_write_time(path, ec);
  return path + "|" + std::to_string(size) + "|" + std::to_string(time.time_since_epoch().count());
}

uint64_t fingerprint(const TagTable& table) {
  uint64_t h = derive_seed(0, stat_text(fs::absolute(table.source).string()));
  for (const auto& t : table.tracks) h = derive_seed(h, stat_text(t.path));
  return h;
}

uint32_t crc_of(const MelTracks& m) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto add = [&](const void* data, size_t bytes) {
    const auto* p = static_cast<const Bytef*>(data);
    for (size_t off = 0; off < bytes; off += 1u << 30) {
      crc = crc32(crc, p + off, static_cast<uInt>(std::min<size_t>(bytes - off, 1u << 30)));
    }
  };
  add(m.status.data(), m.status.size());
  add(m.count.data(), m.count.size() * sizeof(int64_t));
  for (const auto& p : m.problem) add(p.data(), p.size());
  add(m.frames.data_ptr(), static_cast<size_t>(m.frames.numel()) * 2);
  return static_cast<uint32_t>(crc);
}

bool read_cache(const std::string& path, const std::string& name, const std::string& options, uint64_t fp,
                size_t tracks, int64_t n_mels, MelTracks* out, std::string* reason) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return *reason = "no cache yet", false;
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0)
    return *reason = "not a cache file of this version", false;
  const auto read_string = [&](std::string* s) {
    uint64_t len = 0;
    if (!get(in, &len) || len > (1u << 20)) return false;
    s->assign(len, '\0');
    return static_cast<bool>(in.read(s->data(), static_cast<std::streamsize>(len)));
  };
  std::string stored_name, stored_options;
  uint64_t stored_fp = 0, n = 0;
  uint32_t crc = 0;
  if (!read_string(&stored_name) || !read_string(&stored_options) || !get(in, &stored_fp) || !get(in, &n) ||
      !get(in, &crc)) {
    return *reason = "truncated cache header", false;
  }
  if (stored_name != name || stored_options != options) return *reason = "another data set's cache", false;
  if (stored_fp != fp || n != tracks) return *reason = "the tags file or the audio changed", false;
  out->status.resize(n), out->count.resize(n), out->problem.resize(n);
  int64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!get(in, &out->status[i]) || !get(in, &out->count[i]) || !read_string(&out->problem[i])) {
      return *reason = "truncated cache file", false;
    }
    if (static_cast<uint8_t>(out->status[i]) > 2 || out->count[i] < 0 || out->count[i] > (int64_t{1} << 32)) {
      return *reason = "bad track record in the cache", false;
    }
    total += out->count[i];
  }
  out->frames = torch::empty({total, n_mels}, torch::kHalf);
  if (!in.read(static_cast<char*>(out->frames.data_ptr()),
               static_cast<std::streamsize>(total * n_mels * 2))) {
    return *reason = "truncated cache file", false;
  }
  if (crc_of(*out) != crc) return *reason = "checksum mismatch", false;
  return true;
}

MelTracks decode(const TagTable& table, const MelOptions& mel, torch::Device device) {
  const auto filterbank = mel_filterbank(mel).to(device);
  MelTracks m;
  const size_t n = table.tracks.size();
  m.status.assign(n, TrackStatus::kOk), m.count.assign(n, 0), m.problem.assign(n, "");
  std::vector<torch::Tensor> parts;
  std::optional<Progress> bar;
  if (n >= 200) bar.emplace("decoding audio", static_cast<int64_t>(n));
  for (size_t i = 0; i < n; ++i) {
    const auto& path = table.tracks[i].path;
    try {
      const Audio audio = read_audio(path);
      if (audio.silent()) {
        m.status[i] = TrackStatus::kSilent;
        m.problem[i] = path + ": silent (no sample reaches 16-bit resolution)";
      } else {
        const auto spec = waveform_mel(audio.samples, audio.sample_rate, mel, filterbank, device);
        parts.push_back(spec.t().to(torch::kCPU, torch::kHalf).contiguous());
        m.count[i] = spec.size(1);
      }
    } catch (const DataError& e) {
      m.status[i] = TrackStatus::kUndecodable;
      m.problem[i] = e.what();
    }
    if (bar) bar->tick();
  }
  if (bar) bar->finish();
  m.frames = parts.empty() ? torch::empty({0, mel.n_mels}, torch::kHalf) : torch::cat(parts, 0);
  return m;
}

}  // namespace

torch::Tensor waveform_mel(const std::vector<float>& samples, int64_t rate, const MelOptions& mel,
                           const torch::Tensor& filterbank, torch::Device device) {
  auto wave = torch::from_blob(const_cast<float*>(samples.data()), {static_cast<int64_t>(samples.size())},
                               torch::kFloat)
                  .to(device);
  wave = resample(wave, rate, mel.sample_rate);
  return log_mel_spectrogram(wave, filterbank, mel);
}

MelTracks load_mel_cached(const TagTable& table, const MelOptions& mel, const std::string& cache_dir,
                          torch::Device device, MelCacheInfo* info) {
  const std::string name = fs::absolute(table.source).lexically_normal().string();
  const std::string options = options_text(mel);
  const uint64_t fp = fingerprint(table);
  char file[48];
  std::snprintf(file, sizeof file, "audio-%016llx.bin",
                static_cast<unsigned long long>(derive_seed(derive_seed(0, name), options)));
  MelCacheInfo local;
  MelCacheInfo& ci = info ? *info : local;
  ci.path = (fs::path(cache_dir) / file).string();
  MelTracks m;
  if (read_cache(ci.path, name, options, fp, table.tracks.size(), mel.n_mels, &m, &ci.reason)) {
    ci.rebuilt = false;
    return m;
  }
  ci.rebuilt = true;
  log_info("audio cache ", ci.path, ": ", ci.reason, "; decoding ", table.tracks.size(), " tracks of ", name);
  m = decode(table, mel, device);
  std::error_code ec;
  fs::create_directories(cache_dir, ec);
  if (ec)
    throw DataError(cache_dir + ": cannot create the cache folder (" + ec.message() +
                    "); set data.cache_dir");
  const uint32_t crc = crc_of(m);
  write_file_atomic(ci.path, [&](std::ostream& out) {
    const auto put_string = [&](const std::string& s) {
      put(out, static_cast<uint64_t>(s.size()));
      out.write(s.data(), static_cast<std::streamsize>(s.size()));
    };
    out.write(kMagic, 8);
    put_string(name), put_string(options);
    put(out, fp), put(out, static_cast<uint64_t>(m.status.size())), put(out, crc);
    for (size_t i = 0; i < m.status.size(); ++i)
      put(out, m.status[i]), put(out, m.count[i]), put_string(m.problem[i]);
    out.write(static_cast<const char*>(m.frames.data_ptr()),
              static_cast<std::streamsize>(m.frames.numel() * 2));
  });
  return m;
}

}  // namespace emorec::data
