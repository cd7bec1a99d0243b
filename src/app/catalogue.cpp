// Building the mood-labelled catalogue with a mood run (its file: app/catalogue_file.cpp).
#include "app/catalogue.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "app/mood_predictor.h"
#include "app/synthetic_catalogue.h"
#include "core/error.h"
#include "data/csv_table.h"
#include "run/run_dir.h"

namespace emorec::app {
namespace {

// The spotify-hits column of a mood-data-set feature (they name the duration differently).
std::string hits_column(const std::string& feature) { return feature == "length" ? "duration_ms" : feature; }

uLong crc_file(uLong crc, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open");
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(in.gcount()));
  }
  return crc;
}

}  // namespace

std::string normalize_name(const std::string& s) {
  std::string out;
  bool space = false;
  for (const unsigned char c : s) {
    const bool keep = c >= 0x80 || std::isalnum(c);
    if (!keep) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ', space = false;
    out += static_cast<char>(c >= 0x80 ? c : std::tolower(c));
  }
  return out;
}

std::string catalogue_key(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources) {
  const run::RunDir dir = run::RunDir::open(run_dir);
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc_file(crc, dir.file("config.yaml"));
  crc = crc_file(crc, dir.checkpoint(checkpoint));
  for (const auto& s : sources) crc = crc_file(crc, s);
  char b[16];
  std::snprintf(b, sizeof b, "%08lx", static_cast<unsigned long>(crc));
  return std::string(b) + "-" + std::to_string(sources.size());
}

Catalogue build_catalogue(const std::string& run_dir, const std::string& checkpoint,
                          const std::vector<std::string>& sources) {
  MoodPredictor predictor(run_dir, checkpoint);
  Catalogue c;
  c.key = catalogue_key(run_dir, checkpoint, sources);
  c.run = run_dir, c.checkpoint = checkpoint;
  c.moods = predictor.moods();
  std::vector<std::string> columns = {"track", "artist", "uri", "valence", "energy"};
  for (const auto& f : predictor.features()) columns.push_back(hits_column(f));
  std::vector<double> raw;
  std::set<std::string> seen;
  const auto note = [&](const std::string& what) {
    if (c.stats.examples.size() < 10) c.stats.examples.push_back(what);
  };
  for (const auto& path : sources) {
    data::for_each_csv_row(
        path, columns,
        [&](const data::CsvRow& row) {
          ++c.stats.rows;
          CatalogueTrack t;
          std::vector<double> x;
          try {
            t.valence = row.number(3), t.energy = row.number(4);
            for (size_t f = 0; f < predictor.features().size(); ++f) x.push_back(row.number(5 + f));
            if (normalize_name(row.text(0)).empty()) throw DataError(row.where() + "column track: empty title");
          } catch (const DataError& e) {
            ++c.stats.malformed;
            note(e.what());
            return;
          }
          const std::string id = normalize_name(row.text(0)) + "\t" + normalize_name(row.text(1));
          if (!seen.insert(id).second) {
            ++c.stats.duplicates;
            note(row.where() + "duplicate of an earlier \"" + row.text(0) + "\" by " + row.text(1));
            return;
          }
          t.title = row.text(0), t.artist = row.text(1), t.uri = row.text(2);
          t.source = path + ":" + std::to_string(row.line());
          c.tracks.push_back(std::move(t));
          raw.insert(raw.end(), x.begin(), x.end());
        },
        [&](int64_t line, const std::string& problem) {
          ++c.stats.rows, ++c.stats.malformed;
          note(path + ":" + std::to_string(line) + ": " + problem);
        });
  }
  const auto moods = static_cast<int64_t>(c.moods.size());
  const auto p = predictor.probabilities(raw, static_cast<int64_t>(c.tracks.size()));
  for (size_t i = 0; i < c.tracks.size(); ++i) {
    auto& t = c.tracks[i];
    t.mood_probs.assign(p.begin() + static_cast<std::ptrdiff_t>(i * moods),
                        p.begin() + static_cast<std::ptrdiff_t>((i + 1) * moods));
    t.mood = static_cast<int>(std::max_element(t.mood_probs.begin(), t.mood_probs.end()) - t.mood_probs.begin());
  }
  standardize_catalogue(c);
  return c;
}

Catalogue load_or_build_catalogue(const std::string& path, const std::string& run_dir, const std::string& checkpoint,
                                  const std::vector<std::string>& sources, bool* rebuilt, std::string* reason) {
  const std::string key = catalogue_key(run_dir, checkpoint, sources);
  std::string why = "no catalogue yet";
  if (std::filesystem::is_regular_file(path)) {
    try {
      Catalogue c = read_catalogue(path);
      if (c.key == key) {
        if (rebuilt) *rebuilt = false;
        if (reason) *reason = "up to date";
        return c;
      }
      why = "the mood run or the source files changed";
    } catch (const DataError& e) {
      why = std::string("the cache was unreadable: ") + e.what();
    }
  }
  Catalogue c = build_catalogue(run_dir, checkpoint, sources);
  write_catalogue(path, c);
  if (rebuilt) *rebuilt = true;
  if (reason) *reason = why;
  return c;
}

}  // namespace emorec::app
