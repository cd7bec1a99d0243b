#include "data/audio/make_audio.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "core/rng.h"
#include "core/subprocess.h"
#include "data/audio/audio_file.h"
#include "data/audio/midi_render.h"

namespace emorec::data {
namespace fs = std::filesystem;
namespace {

struct TempoBand {
  const char* name;
  int lo, hi;
};
constexpr TempoBand kTempoBands[] = {{"slow", 70, 95}, {"medium", 100, 130}, {"fast", 140, 180}};
const char* const kNotes[] = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};
constexpr double kGain = 0.6;  // the synthesizer's master gain: loud clips that do not clip

std::string chord(int root, const char* suffix) {
  return std::string(kNotes[root % 12]) + suffix;
}

std::string clip_name(int64_t i) {
  char name[24];
  std::snprintf(name, sizeof name, "%06lld", static_cast<long long>(i));
  return name;
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<std::string>>>& style_families() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> families = {
      {"swing", {"swing", "easyswing", "fastswing", "countryswing", "westernswing", "jive"}},
      {"latin",
       {"bossanova", "chacha", "mambo", "rhumba", "samba", "salsa", "merengue", "beguine", "bolero"}},
      {"tango", {"tango", "lighttango"}},
      {"march", {"march", "68march", "bwmarch", "dixiemarch", "polka"}},
      {"ballad",
       {"ballad", "pianoballad", "popballad", "rockballad", "folkballad", "guitarballad", "stringballad"}},
      {"rock", {"50srock", "60srock", "basicrock", "softrock", "folkrock", "8beat"}},
      {"waltz",
       {"waltz", "fastwaltz", "countrywaltz", "frenchwaltz", "vienesewaltz", "rockwaltz", "jazzwaltz"}},
      {"blues", {"blues", "fastblues", "slowblues", "countryblues", "bluefolk"}},
  };
  return families;
}

std::vector<std::string> AudioClipSpec::tags() const {
  return {"style---" + style, "tempo---" + tempo_band, "mode---" + mode};
}

std::string AudioClipSpec::mma_text(int bars) const {
  std::ostringstream s;
  s << "// " << style << ", " << tempo_band << ", " << mode << " in " << key << "\n";
  // The groove's library file by name (no groove database needed), then the groove it defines under that
  // name. mma varies timing and velocity at random: seeded, so that the MIDI (and fluidsynth's rendering) is
  // the same.
  s << "RndSeed " << mma_seed << "\n";
  s << "Use stdlib/" << groove << "\nTempo " << tempo << "\nGroove " << groove << "\n";
  for (int b = 0; b < bars; ++b) s << b + 1 << " " << chords[static_cast<size_t>(b) % chords.size()] << "\n";
  return s.str();
}

AudioClipSpec draw_clip(uint64_t seed, int64_t index) {
  Rng rng(derive_seed(seed, "make-audio", static_cast<uint64_t>(index)));
  const auto& families = style_families();
  const auto& [style, grooves] = families[uniform_below(rng, families.size())];
  AudioClipSpec c;
  c.style = style;
  c.groove = grooves[uniform_below(rng, grooves.size())];
  const auto& band = kTempoBands[uniform_below(rng, 3)];
  c.tempo_band = band.name;
  c.tempo = band.lo + static_cast<int>(uniform_below(rng, static_cast<uint64_t>(band.hi - band.lo + 1)));
  const int root = static_cast<int>(uniform_below(rng, 12));
  const bool minor = uniform_below(rng, 2) == 1;
  c.mode = minor ? "minor" : "major";
  c.key = chord(root, minor ? "m" : "");
  c.mma_seed = static_cast<int64_t>(uniform_below(rng, 1u << 30));
  // Major: I vi IV V7; minor: i iv V7 i (the harmonic minor's dominant), two bars each chord-pair.
  if (minor) {
    c.chords = {chord(root, "m"), chord(root + 5, "m"), chord(root + 7, "7"), chord(root, "m")};
  } else {
    c.chords = {chord(root, ""), chord(root + 9, "m"), chord(root + 5, ""), chord(root + 7, "7")};
  }
  return c;
}

MakeAudioResult make_audio(const MakeAudioOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  if (o.out.empty()) throw ConfigError("make-audio: --out is required");
  if (fs::exists(o.out)) throw ConfigError("make-audio: " + o.out + " exists already; choose a new folder");
  if (o.clips < 10) throw ConfigError("make-audio: --clips must be at least 10 (train, validation and test)");
  if (!(o.seconds >= 1 && o.seconds <= 60)) throw ConfigError("make-audio: --seconds must be in [1, 60]");
  if (o.sample_rate < 8000 || o.sample_rate > 48000)
    throw ConfigError("make-audio: --rate must be in [8000, 48000]");
  if (o.jobs < 1) throw ConfigError("make-audio: --jobs must be at least 1");
  if (!program_exists("mma"))
    throw ConfigError("make-audio: mma is not installed (Debian package mma; scripts/setup)");
  if (!fs::is_regular_file(o.soundfont)) {
    throw ConfigError("make-audio: no soundfont at " + o.soundfont + " (Debian package fluid-soundfont-gm)");
  }
  const fs::path final_dir = fs::absolute(o.out);
  const fs::path work = final_dir.parent_path() / ("." + final_dir.filename().string() + ".partial");
  fs::remove_all(work);
  fs::create_directories(work / "audio");
  fs::create_directories(work / "build");
  try {
    std::vector<AudioClipSpec> specs;
    for (int64_t i = 0; i < o.clips; ++i) specs.push_back(draw_clip(o.seed, i));
    std::atomic<int64_t> next{0};
    std::mutex error_mutex;
    std::string error;
    const auto render = [&](int64_t i, MidiRenderer& synth) {
      const auto& c = specs[static_cast<size_t>(i)];
      const std::string name = clip_name(i);
      const fs::path mma = work / "build" / (name + ".mma"), mid = work / "build" / (name + ".mid"),
                     log = work / "build" / (name + ".log");
      // Enough bars for the clip at this tempo (4 beats a bar; 3/4 grooves are shorter), plus one.
      const int bars = static_cast<int>(std::ceil(o.seconds * c.tempo / 60.0 / 3.0)) + 1;
      std::ofstream(mma) << c.mma_text(bars);
      if (run_program({"mma", "-f", mid.string(), mma.string()}, log.string()) != 0 || !fs::exists(mid)) {
        throw RunError("make-audio: mma failed on clip " + name + " (groove " + c.groove + "); see " +
                       log.string());
      }
      Audio a;
      a.sample_rate = o.sample_rate;
      a.samples =
          synth.render(mid.string(), static_cast<int64_t>(o.seconds * static_cast<double>(o.sample_rate)));
      if (a.silent())
        throw RunError("make-audio: clip " + name + " rendered silent (groove " + c.groove + ")");
      write_wav((work / "audio" / (name + ".wav")).string(), a);
      fs::remove(mid), fs::remove(mma), fs::remove(log);
    };
    std::vector<std::thread> workers;
    for (int j = 0; j < o.jobs; ++j) {
      workers.emplace_back([&] {
        try {
          MidiRenderer synth(o.soundfont, o.sample_rate, kGain);  // the soundfont loaded once per worker
          for (int64_t i = next++; i < o.clips; i = next++) render(i, synth);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (error.empty()) error = e.what();
          next = o.clips;  // the others stop after their clip
        }
      });
    }
    for (auto& w : workers) w.join();
    if (!error.empty()) throw RunError(error);
    fs::remove_all(work / "build");
    // The tags file and a stratified 80/10/10 split (by style family, clip order within a family from the
    // seed).
    std::ofstream tsv(work / "autotagging.tsv");
    tsv << "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n";
    std::map<std::string, std::vector<int64_t>> by_style;
    std::map<std::string, int64_t> counts;
    for (int64_t i = 0; i < o.clips; ++i) {
      const auto& c = specs[static_cast<size_t>(i)];
      tsv << "track_" << clip_name(i) << "\tartist_synthetic\talbum_" << c.style << "\taudio/" << clip_name(i)
          << ".wav\t" << o.seconds;
      for (const auto& t : c.tags()) {
        tsv << "\t" << t;
        ++counts[t];
      }
      tsv << "\n";
      by_style[c.style].push_back(i);
    }
    tsv.close();
    fs::create_directories(work / "split-0");
    std::ofstream parts[3] = {std::ofstream(work / "split-0" / "autotagging-train.tsv"),
                              std::ofstream(work / "split-0" / "autotagging-validation.tsv"),
                              std::ofstream(work / "split-0" / "autotagging-test.tsv")};
    for (auto& p : parts) p << "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS\n";
    for (auto& [style, rows] : by_style) {
      Rng rng(derive_seed(o.seed, "make-audio-split"));
      shuffle(rows, rng);
      for (size_t k = 0; k < rows.size(); ++k) {
        const int part = k % 10 == 8 ? 1 : k % 10 == 9 ? 2 : 0;
        const auto& c = specs[static_cast<size_t>(rows[k])];
        parts[part] << "track_" << clip_name(rows[k]) << "\tartist_synthetic\talbum_" << c.style << "\taudio/"
                    << clip_name(rows[k]) << ".wav\t" << o.seconds;
        for (const auto& t : c.tags()) parts[part] << "\t" << t;
        parts[part] << "\n";
      }
    }
    for (auto& p : parts) p.close();
    fs::rename(work, final_dir);
    MakeAudioResult r;
    r.out = final_dir.string();
    r.clips = o.clips;
    r.tag_counts.assign(counts.begin(), counts.end());
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  } catch (...) {
    std::error_code ec;
    fs::remove_all(work, ec);
    throw;
  }
}

}  // namespace emorec::data
