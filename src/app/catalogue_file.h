// The catalogue and its file: what the recommender ranks (every track with its mood probabilities, valence
// and energy) and the tab-separated cache it is kept in. No LibTorch: the file reader is fuzzed
// (fuzz/fuzz_catalogue.cpp); building a catalogue with a mood model is app/catalogue.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::app {

struct CatalogueTrack {
  std::string title, artist, uri;
  std::string source;                  // file:line it was read from
  double valence = 0, energy = 0;      // Spotify's, in [0, 1]
  double valence_z = 0, energy_z = 0;  // standardised over the catalogue
  std::vector<double> mood_probs;      // in the mood classifier's mood order
  int mood = 0;                        // the most probable mood
};

struct CatalogueStats {
  int64_t rows = 0;                   // data rows read from the source files
  int64_t malformed = 0;              // rows with the wrong number of fields, a bad number or an empty title
  int64_t duplicates = 0;             // rows whose normalised title and artist came earlier
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

// The catalogue file: a header line with the key, run and counts, then one tab-separated row per track.
void write_catalogue(const std::string& path, const Catalogue& c);
// Reads a catalogue file; DataError naming the file and line when it is malformed or truncated.
Catalogue read_catalogue(const std::string& path);

}  // namespace emorec::app
