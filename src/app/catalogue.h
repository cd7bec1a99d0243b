// The catalogue to recommend from: every spotify-hits track labelled with mood probabilities by a trained
// mood classifier, with its valence and energy (raw and standardised over the catalogue: the music side of
// the valence-arousal space), duplicates (the same normalised title and artist) removed. Malformed rows and
// duplicates are counted and reported, never dropped silently. Built once per mood run and source files:
// the cache file records a key of both and is rebuilt when either changes.
#pragma once
#include <string>
#include <vector>

#include "app/catalogue_file.h"

namespace emorec::app {

// "Don't Stop Me Now (Remastered)" -> "don t stop me now remastered": ASCII letters lower-cased, every run of
// other ASCII characters one space, trimmed; bytes of UTF-8 sequences kept.
std::string normalize_name(const std::string& s);

// The key of a build: crc32 of the run's config.yaml and checkpoint and of every source file.
std::string catalogue_key(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources);

// Labels the tracks of `sources` (spotify-hits CSVs, in order) with the mood run's model.
Catalogue build_catalogue(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources);

// The catalogue for `run_dir` and `sources` at `path`: read when its key matches, else built and written.
// `rebuilt` says which (and `reason` why).
Catalogue load_or_build_catalogue(const std::string& path, const std::string& run_dir, const std::string& checkpoint,
                                  const std::vector<std::string>& sources, bool* rebuilt, std::string* reason);

}  // namespace emorec::app
