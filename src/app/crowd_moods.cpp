// Reading the crowd's tags and the word lists that turn them into moods.
#include "app/crowd_moods.h"

#include "app/catalogue.h"
#include "config/component.h"
#include "config/config_file.h"
#include "core/error.h"
#include "data/text_table.h"

namespace emorec::app {

using config::IntRule;
using config::StringRule;

void CrowdMoodConfig::visit(config::ConfigVisitor& v) {
  v.field("source", source, StringRule::any(), "where the word lists come from", true);
  v.section(
      "words", "per mood of the catalogue, the Last.FM tags that name it", [&](config::ConfigVisitor& s) {
        for (const char* mood : {"Happy", "Sad", "Energetic", "Calm"}) {
          s.field(mood, words[mood], StringRule::any(), "tags naming this mood (compared after normalising)");
        }
      });
  v.field("min_taggings", min_taggings, IntRule::range(1, 1000000),
          "an artist carries a mood when users gave it that mood's tags at least this many times");
  v.field("bootstrap", bootstrap, IntRule::range(10, 1000000),
          "resamples of artists for the AUCs' 95% intervals");
  v.field("seed", seed, IntRule::at_least(0), "seed of the bootstrap");
  v.field("top_k", top_k, IntRule::range(1, 10000), "list lengths whose crowd-mood make-up is reported");
}

CrowdMoodConfig load_crowd_mood_config(const std::string& path, const std::vector<std::string>& overrides) {
  static const config::Choices no_choices;
  CrowdMoodConfig cfg;
  config::read_config_file(path, overrides, no_choices, "crowd-mood config",
                           [&](config::ConfigVisitor& v) { cfg.visit(v); });
  for (const auto& [mood, list] : cfg.words) {
    for (const auto& w : list) {
      if (normalize_name(w).empty())
        throw ConfigError(path + ": words." + mood + ": an empty tag \"" + w + "\"");
    }
  }
  return cfg;
}

namespace {

constexpr const char* kWhatToDo = "the file should be as released in hetrec2011-lastfm-2k; see its SOURCE.md";

// tags.dat is ISO-8859-1: every byte is the code point of the same value.
std::string latin1_to_utf8(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

CrowdTags read_crowd_tags(const std::string& dir) {
  CrowdTags out;
  const auto artists = dir + "/artists.dat";
  data::for_each_tsv_row(artists, {4, "id\tname\turl\tpictureURL", kWhatToDo},
                         [&](int64_t line, const std::vector<std::string>& f) {
                           const int64_t id = data::parse_index(f[0], artists, line, "artist id");
                           const auto [it, fresh] = out.artist_by_name.emplace(normalize_name(f[1]), id);
                           if (!fresh) it->second = -1;
                         });
  std::unordered_map<int64_t, std::string> tag_text;
  const auto tags = dir + "/tags.dat";
  data::for_each_tsv_row(
      tags, {2, "tagID\ttagValue", kWhatToDo}, [&](int64_t line, const std::vector<std::string>& f) {
        tag_text[data::parse_index(f[0], tags, line, "tag id")] = normalize_name(latin1_to_utf8(f[1]));
      });
  const auto tagged = dir + "/user_taggedartists.dat";
  data::for_each_tsv_row(
      tagged, {6, "userID\tartistID\ttagID\tday\tmonth\tyear", kWhatToDo},
      [&](int64_t line, const std::vector<std::string>& f) {
        const int64_t artist = data::parse_index(f[1], tagged, line, "artistID");
        const int64_t tag = data::parse_index(f[2], tagged, line, "tagID");
        const auto text = tag_text.find(tag);
        if (text == tag_text.end()) {
          throw DataError(tagged + ":" + std::to_string(line) + ": tagID " + f[2] + " is not in tags.dat");
        }
        ++out.taggings[artist][text->second];
      });
  return out;
}

std::vector<char> crowd_moods_of(const std::unordered_map<std::string, int64_t>& taggings,
                                 const std::vector<std::string>& moods, const CrowdMoodConfig& config) {
  std::vector<char> out(moods.size(), 0);
  for (size_t m = 0; m < moods.size(); ++m) {
    const auto list = config.words.find(moods[m]);
    if (list == config.words.end()) continue;
    int64_t times = 0;
    for (const auto& w : list->second) {
      const auto it = taggings.find(normalize_name(w));
      if (it != taggings.end()) times += it->second;
    }
    out[m] = times >= config.min_taggings;
  }
  return out;
}

}  // namespace emorec::app
