// The tag modality from hetrec2011-lastfm-2k's user_taggedartists.dat, for artists 1, 2, 3 and 51.
#include "data/lastfm_tags.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  emorec::fuzz::write_file("user_taggedartists.dat", std::string(reinterpret_cast<const char*>(data), size));
  emorec::data::TagModalityOptions options;
  options.min_items = 1;
  emorec::fuzz::expect_clean([&] {
    emorec::data::lastfm_tag_modality(emorec::fuzz::scratch_dir(), {{1, 0}, {2, 1}, {3, 2}, {51, 3}}, options);
  });
  return 0;
}
