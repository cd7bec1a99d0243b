// KGCN's Last.FM release: pieces kg.txt, item_index2entity_id.txt, user_artists.dat (the ratings reader).
#include "data/kgcn_lastfm.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = emorec::fuzz::split_input(data, size, 3);
  emorec::fuzz::write_file("kg.txt", parts[0]);
  emorec::fuzz::write_file("item_index2entity_id.txt", parts[1]);
  emorec::fuzz::write_file("user_artists.dat", parts[2]);
  emorec::fuzz::expect_clean([&] { emorec::data::load_kgcn_lastfm(emorec::fuzz::scratch_dir(), 1.0, 1); });
  return 0;
}
