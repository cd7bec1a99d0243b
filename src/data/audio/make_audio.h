// `emorec data make-audio`: a labelled music data set made on this machine from Debian packages, to prove the
// audio pipeline where no labelled recordings can be downloaded. Synthetic: accompaniment patterns, not music
// understanding. Each clip is an mma groove (48 grooves in 8 style families) over a four-chord progression in
// a random key, major or minor, at a tempo in one of three bands, turned into MIDI by mma and rendered by
// libfluidsynth in process with the FluidR3 General MIDI soundfont (fluid-soundfont-gm), `seconds` of mono
// 16-bit WAV. Labels: style family, tempo band, mode, as MTG-Jamendo's autotagging.tsv writes tags
// ("style---swing"). Seeded and deterministic: clip i is drawn from (seed, i) alone. docs/AUDIO.md has the
// recipe.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::data {

struct MakeAudioOptions {
  std::string out;  // the data set's folder; must not exist yet
  int64_t clips = 2000;
  uint64_t seed = 1;
  double seconds = 6.0;
  int64_t sample_rate = 16000;
  std::string soundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
  int jobs = 2;  // clips rendered at once
};

struct AudioClipSpec {
  std::string groove, style, tempo_band, mode, key;
  int tempo = 0;
  int64_t mma_seed = 0;                   // mma's RndSeed: its random timing and velocity, reproducible
  std::vector<std::string> chords;        // one per bar
  std::vector<std::string> tags() const;  // style---X, tempo---Y, mode---Z
  std::string mma_text(int bars) const;
};

// The style families and their grooves, the tempo bands (inclusive BPM ranges).
const std::vector<std::pair<std::string, std::vector<std::string>>>& style_families();
// Clip i's draw from (seed, i).
AudioClipSpec draw_clip(uint64_t seed, int64_t index);

struct MakeAudioResult {
  std::string out;
  int64_t clips = 0;
  double seconds = 0;  // wall time
  std::vector<std::pair<std::string, int64_t>> tag_counts;
};

// Writes out/audio/NNNNNN.wav, out/autotagging.tsv (TRACK_ID ARTIST_ID ALBUM_ID PATH DURATION TAGS..., tab
// separated) and out/split-0/autotagging-{train,validation,test}.tsv (80/10/10, stratified by style), built
// in a hidden folder and renamed into place: a failure leaves nothing. ConfigError for bad options or a
// missing tool (naming the Debian package); RunError naming the clip when mma or the synthesizer fails.
MakeAudioResult make_audio(const MakeAudioOptions& options);

}  // namespace emorec::data
