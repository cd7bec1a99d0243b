// Builds without libsndfile (a training-only build on a machine that lacks it): audio files are errors that
// say so (the made data set too: no_make_audio.cpp).
#include "core/error.h"
#include "data/audio/audio_file.h"

namespace emorec::data {

namespace {
[[noreturn]] void missing(const std::string& what) {
  throw ConfigError(what +
                    ": this build has no libsndfile (Debian's libsndfile1-dev); rebuild after scripts/setup");
}
}  // namespace

bool Audio::silent(float threshold) const {
  for (const float s : samples) {
    if (s >= threshold || -s >= threshold) return false;
  }
  return true;
}
Audio read_audio(const std::string& path) {
  missing(path);
}
void write_wav(const std::string& path, const Audio&) {
  missing(path);
}

}  // namespace emorec::data
