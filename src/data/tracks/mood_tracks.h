// The mood-labelled songs of spotify-moods (data_moods.csv): Spotify's audio features and one of four moods
// per song. See ../shared/data/spotify-moods/SOURCE.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::data {

// The four moods, in the order class indices use: Happy, Sad, Energetic, Calm.
const std::vector<std::string>& mood_names();

// The audio features the seed systems train on (the file's columns length .. tempo).
const std::vector<std::string>& default_mood_features();

struct TrackTable {
  std::vector<std::string> titles, artists, ids;
  std::vector<std::string> feature_names;
  std::vector<double> features;  // rows x feature_names.size(), row-major, as read
  std::vector<int64_t> labels;   // index into mood_names()
  int64_t rows() const { return static_cast<int64_t>(labels.size()); }
  int64_t width() const { return static_cast<int64_t>(feature_names.size()); }
  double at(int64_t row, int64_t column) const { return features[static_cast<size_t>(row * width() + column)]; }
};

// Reads `path` (data_moods.csv's layout) with the named feature columns. Throws DataError naming the file,
// line and column for a missing column, a bad number or an unknown mood, and for a file without rows.
TrackTable read_mood_tracks(const std::string& path, const std::vector<std::string>& features);

}  // namespace emorec::data
