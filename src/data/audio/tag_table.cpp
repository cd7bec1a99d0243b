#include "data/audio/tag_table.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/line_reader.h"

namespace fs = std::filesystem;

namespace emorec::data {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    std::string field = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
    if (!field.empty() && field.back() == '\r') field.pop_back();
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
      field = field.substr(1, field.size() - 2);
    out.push_back(std::move(field));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

std::ifstream open_or_throw(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw DataError(path + ": cannot open the " + std::string(what));
  return in;
}

struct RawTrack {
  std::string id, path;
  std::vector<std::string> tags;
  int split = -1;  // AudioSplit, -1: in no split file
};

std::vector<RawTrack> read_mtg_jamendo(const std::string& file) {
  auto in = open_or_throw(file, "tags file");
  std::vector<RawTrack> out;
  std::set<std::string> ids;
  std::string line;
  for (int64_t number = 1; read_line(in, line, file, number); ++number) {
    const auto f = split_tabs(line);
    if (number == 1) {
      if (f.size() < 5 || f[0] != "TRACK_ID" || f[3] != "PATH") {
        throw DataError(file +
                        ":1: expected MTG-Jamendo's header TRACK_ID, ARTIST_ID, ALBUM_ID, PATH, DURATION, "
                        "TAGS (tab separated)");
      }
      continue;
    }
    if (line.empty() || line == "\r") continue;
    if (f.size() < 5 || f[0].empty() || f[3].empty()) {
      throw DataError(file + ":" + std::to_string(number) +
                      ": expected TRACK_ID, ARTIST_ID, ALBUM_ID, PATH, "
                      "DURATION and tags, tab separated; found " +
                      std::to_string(f.size()) + " fields");
    }
    if (!ids.insert(f[0]).second) {
      throw DataError(file + ":" + std::to_string(number) + ": track " + f[0] + " appears twice");
    }
    RawTrack t{f[0], f[3], {}, -1};
    for (size_t i = 5; i < f.size(); ++i) {
      if (!f[i].empty()) t.tags.push_back(f[i]);
    }
    out.push_back(std::move(t));
  }
  return out;
}

void read_mtg_splits(const std::string& dir, std::vector<RawTrack>& tracks) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < tracks.size(); ++i) index[tracks[i].id] = i;
  const char* names[3] = {"autotagging-train.tsv", "autotagging-validation.tsv", "autotagging-test.tsv"};
  for (int s = 0; s < 3; ++s) {
    const std::string file = (fs::path(dir) / names[s]).string();
    if (!fs::is_regular_file(file)) {
      throw DataError(file +
                      ": no such split file (data.split_dir names the folder of autotagging-train.tsv, "
                      "-validation.tsv and -test.tsv)");
    }
    auto in = open_or_throw(file, "split file");
    std::string line;
    for (int64_t number = 1; read_line(in, line, file, number); ++number) {
      if (number == 1 || line.empty() || line == "\r") continue;
      const auto f = split_tabs(line);
      const auto it = index.find(f[0]);
      if (it == index.end()) {
        throw DataError(file + ":" + std::to_string(number) + ": track " + f[0] + " is not in the tags file");
      }
      int& split = tracks[it->second].split;
      if (split >= 0 && split != s) {
        throw DataError(file + ":" + std::to_string(number) + ": track " + f[0] + " is also in " +
                        names[split]);
      }
      split = s;
    }
  }
}

// annotations_final.csv: clip_id, one 0/1 column per tag, mp3_path (tab separated, fields quoted).
std::vector<RawTrack> read_magnatagatune(const std::string& file) {
  auto in = open_or_throw(file, "tags file");
  std::vector<RawTrack> out;
  std::vector<std::string> header;
  std::string line;
  for (int64_t number = 1; read_line(in, line, file, number); ++number) {
    const auto f = split_tabs(line);
    const std::string where = file + ":" + std::to_string(number);
    if (number == 1) {
      if (f.size() < 3 || f.front() != "clip_id" || f.back() != "mp3_path") {
        throw DataError(where +
                        ": expected MagnaTagATune's header clip_id, the tags, mp3_path (tab separated)");
      }
      header = f;
      continue;
    }
    if (line.empty() || line == "\r") continue;
    if (f.size() != header.size()) {
      throw DataError(where + ": " + std::to_string(f.size()) + " fields where the header has " +
                      std::to_string(header.size()));
    }
    RawTrack t{f.front(), f.back(), {}, -1};
    if (t.path.empty()) throw DataError(where + ": clip " + t.id + " has no mp3_path");
    for (size_t i = 1; i + 1 < f.size(); ++i) {
      if (f[i] == "1") {
        t.tags.push_back(header[i]);
      } else if (f[i] != "0") {
        throw DataError(where + ": tag " + header[i] + " is \"" + f[i] + "\", not 0 or 1");
      }
    }
    // The usual split of the 16 folders: 0-b train, c validation, d-f test.
    const char folder = t.path.front();
    if ((folder >= '0' && folder <= '9') || folder == 'a' || folder == 'b') {
      t.split = 0;
    } else if (folder == 'c') {
      t.split = 1;
    } else if (folder >= 'd' && folder <= 'f') {
      t.split = 2;
    } else {
      throw DataError(where + ": mp3_path " + t.path + " is not in one of the folders 0-9, a-f");
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::string TagTable::group_of(const std::string& tag) {
  const size_t sep = tag.find("---");
  return sep == std::string::npos ? "tag" : tag.substr(0, sep);
}

std::vector<std::string> TagTable::groups() const {
  std::set<std::string> g;
  for (const auto& t : tags) g.insert(group_of(t));
  return {g.begin(), g.end()};
}

int64_t TagTable::count(AudioSplit split) const {
  return std::count_if(tracks.begin(), tracks.end(), [&](const TaggedTrack& t) { return t.split == split; });
}

std::string TagTable::summary() const {
  std::ostringstream s;
  s << source << " (" << layout << "): " << tracks.size() << " tracks (train " << count(AudioSplit::kTrain)
    << ", eval " << count(AudioSplit::kEval) << ", test " << count(AudioSplit::kTest) << "), " << tags.size()
    << " tags in " << groups().size() << " groups";
  if (unsplit || untagged)
    s << "; left out: " << unsplit << " in no split file, " << untagged << " without a kept tag";
  return s.str();
}

TagTable read_tag_table(const std::string& tags_file, const AudioDataConfig& keys) {
  std::string layout = keys.layout;
  if (layout == "auto") {
    layout = fs::path(tags_file).filename() == "annotations_final.csv" ? "magnatagatune" : "mtg-jamendo";
  }
  const fs::path folder = fs::absolute(tags_file).parent_path();
  std::vector<RawTrack> raw;
  if (layout == "magnatagatune") {
    raw = read_magnatagatune(tags_file);
  } else {
    raw = read_mtg_jamendo(tags_file);
    read_mtg_splits((folder / keys.split_dir).string(), raw);
  }
  TagTable table;
  table.source = tags_file, table.layout = layout;
  // The kept tags: all, or the top_tags most frequent among the training tracks (ties by name).
  std::map<std::string, int64_t> train_counts;
  std::set<std::string> all;
  for (const auto& t : raw) {
    for (const auto& tag : t.tags) {
      all.insert(tag);
      if (t.split == 0) ++train_counts[tag];
    }
  }
  std::set<std::string> kept = all;
  if (keys.top_tags > 0 && static_cast<size_t>(keys.top_tags) < all.size()) {
    std::vector<std::pair<int64_t, std::string>> order;
    for (const auto& tag : all) order.emplace_back(-train_counts[tag], tag);
    std::sort(order.begin(), order.end());
    kept.clear();
    for (int64_t i = 0; i < keys.top_tags; ++i) kept.insert(order[static_cast<size_t>(i)].second);
  }
  table.tags.assign(kept.begin(), kept.end());
  std::map<std::string, int64_t> tag_index;
  for (size_t i = 0; i < table.tags.size(); ++i) tag_index[table.tags[i]] = static_cast<int64_t>(i);
  const fs::path audio_base = keys.audio_dir.empty()                   ? folder
                              : fs::path(keys.audio_dir).is_absolute() ? fs::path(keys.audio_dir)
                                                                       : folder / keys.audio_dir;
  for (auto& t : raw) {
    if (t.split < 0) {
      ++table.unsplit;
      continue;
    }
    TaggedTrack out;
    for (const auto& tag : t.tags) {
      const auto it = tag_index.find(tag);
      if (it != tag_index.end()) out.tags.push_back(it->second);
    }
    std::sort(out.tags.begin(), out.tags.end());
    out.tags.erase(std::unique(out.tags.begin(), out.tags.end()), out.tags.end());
    if (out.tags.empty()) {
      ++table.untagged;
      continue;
    }
    out.id = t.id;
    out.path = (audio_base / t.path).lexically_normal().string();
    out.split = static_cast<AudioSplit>(t.split);
    table.tracks.push_back(std::move(out));
  }
  if (table.tracks.empty()) throw DataError(tags_file + ": no tagged track in any split");
  if (table.count(AudioSplit::kTrain) == 0 || table.count(AudioSplit::kEval) == 0) {
    throw DataError(tags_file + ": the training or the eval split is empty (" + table.summary() + ")");
  }
  return table;
}

}  // namespace emorec::data
