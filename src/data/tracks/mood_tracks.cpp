// Reading data_moods.csv.
#include "data/tracks/mood_tracks.h"

#include "core/error.h"
#include "data/csv_table.h"

namespace emorec::data {

const std::vector<std::string>& mood_names() {
  static const std::vector<std::string> names = {"Happy", "Sad", "Energetic", "Calm"};
  return names;
}

const std::vector<std::string>& default_mood_features() {
  static const std::vector<std::string> names = {"length",   "danceability", "acousticness", "energy",
                                                 "instrumentalness", "liveness", "valence", "loudness",
                                                 "speechiness", "tempo"};
  return names;
}

TrackTable read_mood_tracks(const std::string& path, const std::vector<std::string>& features) {
  TrackTable t;
  t.feature_names = features;
  std::vector<std::string> columns = {"name", "artist", "id", "mood"};
  columns.insert(columns.end(), features.begin(), features.end());
  const auto& moods = mood_names();
  for_each_csv_row(path, columns, [&](const CsvRow& row) {
    int64_t label = -1;
    for (size_t m = 0; m < moods.size(); ++m) {
      if (row.text(3) == moods[m]) label = static_cast<int64_t>(m);
    }
    if (label < 0) {
      throw DataError(row.where() + "column mood: unknown mood \"" + row.text(3) + "\" (expected Happy, Sad, " +
                      "Energetic or Calm)");
    }
    for (size_t f = 0; f < features.size(); ++f) t.features.push_back(row.number(4 + f));
    t.titles.push_back(row.text(0));
    t.artists.push_back(row.text(1));
    t.ids.push_back(row.text(2));
    t.labels.push_back(label);
  });
  if (t.labels.empty()) throw DataError(path + ": no data rows");
  return t;
}

}  // namespace emorec::data
