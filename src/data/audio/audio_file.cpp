#include "data/audio/audio_file.h"

#include <sndfile.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.h"

namespace emorec::data {

bool Audio::silent(float threshold) const {
  for (const float s : samples) {
    if (std::fabs(s) >= threshold) return false;
  }
  return true;
}

Audio read_audio(const std::string& path) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  if (!file) throw DataError(path + ": cannot decode audio (" + sf_strerror(nullptr) + ")");
  Audio out;
  out.sample_rate = info.samplerate;
  const int channels = info.channels;
  if (channels < 1 || info.samplerate < 1) {
    sf_close(file);
    throw DataError(path + ": no channels or no sample rate in the header");
  }
  std::vector<float> frame_buffer(static_cast<size_t>(channels) * 4096);
  while (true) {
    const sf_count_t got = sf_readf_float(file, frame_buffer.data(), 4096);
    if (got <= 0) break;
    for (sf_count_t f = 0; f < got; ++f) {
      float sum = 0;
      for (int c = 0; c < channels; ++c) sum += frame_buffer[static_cast<size_t>(f * channels + c)];
      out.samples.push_back(sum / static_cast<float>(channels));
    }
  }
  const int error = sf_error(file);
  const std::string message = error ? sf_strerror(file) : "";
  sf_close(file);
  if (error) throw DataError(path + ": decoding stopped (" + message + ")");
  if (out.samples.empty()) throw DataError(path + ": holds no audio samples");
  for (const float s : out.samples) {
    if (!std::isfinite(s)) throw DataError(path + ": decodes to non-finite samples");
  }
  return out;
}

void write_wav(const std::string& path, const Audio& audio) {
  const std::string tmp = path + ".partial";
  SF_INFO info{};
  info.samplerate = static_cast<int>(audio.sample_rate);
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(tmp.c_str(), SFM_WRITE, &info);
  if (!file) throw RunError(path + ": cannot write audio (" + sf_strerror(nullptr) + ")");
  const auto n = static_cast<sf_count_t>(audio.samples.size());
  const bool ok = sf_writef_float(file, audio.samples.data(), n) == n;
  sf_close(file);
  std::error_code ec;
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    throw RunError(path + ": writing the samples failed");
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw RunError(path + ": cannot move the written file into place");
  }
}

}  // namespace emorec::data
