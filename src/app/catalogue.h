// The catalogue to recommend from: every spotify-hits track labelled with mood probabilities by a trained
// mood classifier, with its valence and energy (raw and standardised over the catalogue: the music side of
// the valence-arousal space), duplicates (the same normalised title and artist) removed. Malformed rows and
// duplicates are counted and reported, never dropped silently. Built once per mood run and source files:
// the cache file records a key of both and is rebuilt when either changes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::app {

struct CatalogueTrack {
  std::string title, artist, uri;
  std::string source;                // file:line it was read from
  double valence = 0, energy = 0;    // Spotify's, in [0, 1]
  double valence_z = 0, energy_z = 0;  // standardised over the catalogue
  std::vector<double> mood_probs;    // in the mood classifier's mood order
  int mood = 0;                      // the most probable mood
};

struct CatalogueStats {
  int64_t rows = 0;        // data rows read from the source files
  int64_t malformed = 0;   // rows with the wrong number of fields, a bad number or an empty title
  int64_t duplicates = 0;  // rows whose normalised title and artist came earlier
  std::vector<std::string> examples;  // the first few malformed or duplicate rows, with file:line and why
};

struct Catalogue {
  std::string key;  // of the mood run (config and checkpoint) and the source files
  std::string run, checkpoint;
  std::vector<std::string> moods;
  std::vector<CatalogueTrack> tracks;
  CatalogueStats stats;
  double valence_mean = 0, valence_sd = 1, energy_mean = 0, energy_sd = 1;
  // Every track's valence and energy, sorted: the quantiles that place a target (filled by build, read and
  // standardize_catalogue).
  std::vector<double> valence_sorted, energy_sorted;
};

// Fills valence_sorted and energy_sorted from the tracks.
void sort_catalogue_axes(Catalogue& c);

// "Don't Stop Me Now (Remastered)" -> "don t stop me now remastered": ASCII letters lower-cased, every run of
// other ASCII characters one space, trimmed; bytes of UTF-8 sequences kept.
std::string normalize_name(const std::string& s);

// The key of a build: crc32 of the run's config.yaml and checkpoint and of every source file.
std::string catalogue_key(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources);

// Labels the tracks of `sources` (spotify-hits CSVs, in order) with the mood run's model.
Catalogue build_catalogue(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources);

// The catalogue file: a header line with the key, run and counts, then one tab-separated row per track.
void write_catalogue(const std::string& path, const Catalogue& c);
// Reads a catalogue file; DataError naming the file and line when it is malformed or truncated.
Catalogue read_catalogue(const std::string& path);

// The catalogue for `run_dir` and `sources` at `path`: read when its key matches, else built and written.
// `rebuilt` says which (and `reason` why).
Catalogue load_or_build_catalogue(const std::string& path, const std::string& run_dir, const std::string& checkpoint,
                                  const std::vector<std::string>& sources, bool* rebuilt, std::string* reason);

}  // namespace emorec::app
