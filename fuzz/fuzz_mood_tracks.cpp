// The CSV reader (quotes, CRLF, malformed rows counted) through the mood-labelled tracks file
// (spotify-moods' data_moods.csv) with its default features.
#include "data/tracks/mood_tracks.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = emorec::fuzz::write_file("data_moods.csv", std::string(reinterpret_cast<const char*>(data), size));
  emorec::fuzz::expect_clean([&] { emorec::data::read_mood_tracks(path, emorec::data::default_mood_features()); });
  return 0;
}
