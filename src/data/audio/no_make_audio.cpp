// Builds without libsndfile or libfluidsynth (a training-only build on a machine that lacks them): the made
// data set is an error that says so.
#include "core/error.h"
#include "data/audio/make_audio.h"

namespace emorec::data {

MakeAudioResult make_audio(const MakeAudioOptions&) {
  throw ConfigError(
      "make-audio: this build has no libsndfile or libfluidsynth (Debian's libsndfile1-dev, "
      "libfluidsynth-dev); rebuild after scripts/setup");
}

}  // namespace emorec::data
