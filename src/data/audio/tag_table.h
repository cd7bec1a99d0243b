// The tags of an audio data set, read from the layouts researchers use: MTG-Jamendo's autotagging.tsv (and
// its split files) and MagnaTagATune's annotations_final.csv (split by the audio's folder). No LibTorch.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/audio/audio_data_config.h"

namespace emorec::data {

enum class AudioSplit : uint8_t { kTrain = 0, kEval = 1, kTest = 2 };

struct TaggedTrack {
  std::string id;             // TRACK_ID or clip_id
  std::string path;           // the audio file, absolute
  std::vector<int64_t> tags;  // indices into TagTable::tags, ascending
  AudioSplit split = AudioSplit::kTrain;
};

struct TagTable {
  std::string source;             // the tags file
  std::string layout;             // mtg-jamendo | magnatagatune
  std::vector<std::string> tags;  // kept tags, in a fixed order (by name)
  std::vector<TaggedTrack> tracks;
  int64_t unsplit = 0;   // tracks in no split file (mtg-jamendo), left out
  int64_t untagged = 0;  // tracks without any kept tag, left out
  // The group of a tag: the part before "---" (MTG-Jamendo's genre, instrument, mood/theme), else "tag".
  static std::string group_of(const std::string& tag);
  std::vector<std::string> groups() const;  // the distinct groups, by name
  int64_t count(AudioSplit split) const;
  std::string summary() const;
};

// Reads `tags_file` as `keys` say (layout, audio_dir, split_dir, top_tags). DataError naming the file and
// line for a malformed row, an unknown track in a split file, a track in two split files, or no tracks at
// all.
TagTable read_tag_table(const std::string& tags_file, const AudioDataConfig& keys);

}  // namespace emorec::data
