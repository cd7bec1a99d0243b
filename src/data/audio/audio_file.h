// Reading and writing audio files through libsndfile (Debian's libsndfile1-dev): WAV, FLAC, OGG/Vorbis, and
// MP3 where the library was built with it (Debian 12's is). Reading gives mono float samples (channels
// averaged) at the file's own rate; errors name the file and what libsndfile said.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::data {

struct Audio {
  std::vector<float> samples;  // mono, in [-1, 1]
  int64_t sample_rate = 0;
  double seconds() const { return sample_rate ? static_cast<double>(samples.size()) / sample_rate : 0.0; }
  // True when no sample's magnitude reaches `threshold` (default: below 16-bit resolution).
  bool silent(float threshold = 1.0f / 32768.0f) const;
};

// DataError naming `path` for a missing, unreadable, undecodable or empty file.
Audio read_audio(const std::string& path);
// 16-bit PCM WAV, mono, written atomically (temporary file, then rename). RunError naming `path` on failure.
void write_wav(const std::string& path, const Audio& audio);

}  // namespace emorec::data
