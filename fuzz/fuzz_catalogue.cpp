// The catalogue file (app/catalogue_file): what `emorec recommend` and `serve` read back from their cache. A
// file that reads must also write and read back to the same tracks and numbers.
#include <cstdlib>

#include "app/catalogue_file.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path =
      emorec::fuzz::write_file("catalogue.tsv", std::string(reinterpret_cast<const char*>(data), size));
  emorec::fuzz::expect_clean([&] {
    const auto c = emorec::app::read_catalogue(path);
    const auto again_path = emorec::fuzz::scratch_dir() + "/again.tsv";
    emorec::app::write_catalogue(again_path, c);
    const auto again = emorec::app::read_catalogue(again_path);
    if (again.tracks.size() != c.tracks.size() || again.moods != c.moods) std::abort();
    for (size_t i = 0; i < c.tracks.size(); ++i) {
      const auto &a = c.tracks[i], &b = again.tracks[i];
      if (a.valence != b.valence || a.energy != b.energy || a.mood_probs != b.mood_probs ||
          a.mood != b.mood) {
        std::abort();
      }
    }
  });
  return 0;
}
