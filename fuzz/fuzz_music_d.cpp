// MKGCN's music-d release: pieces itemID2entityID.txt, kg.txt, userID2itemID4ratings.tsv (the play-count
// reader), under the authors' popularity-proportional negatives.
#include "data/mkgcn_music_d.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = emorec::fuzz::split_input(data, size, 3);
  emorec::fuzz::write_file("itemID2entityID.txt", parts[0]);
  emorec::fuzz::write_file("kg.txt", parts[1]);
  emorec::fuzz::write_file("userID2itemID4ratings.tsv", parts[2]);
  emorec::fuzz::expect_clean([&] {
    emorec::data::load_mkgcn_music_d(emorec::fuzz::scratch_dir(), 5.0, 1,
                                     emorec::data::NegativeSampling::kPopularity);
  });
  return 0;
}
