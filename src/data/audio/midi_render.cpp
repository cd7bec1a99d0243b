#include "data/audio/midi_render.h"

#include <fluidsynth.h>

#include <algorithm>
#include <mutex>

#include "core/error.h"

namespace emorec::data {

MidiRenderer::MidiRenderer(const std::string& soundfont, int64_t sample_rate, double gain) {
  static std::once_flag quiet;
  std::call_once(quiet, [] {  // warnings and information to nowhere; errors reach the exceptions below
    for (const int level : {FLUID_WARN, FLUID_INFO, FLUID_DBG})
      fluid_set_log_function(level, nullptr, nullptr);
  });
  settings_ = new_fluid_settings();
  if (!settings_) throw RunError("libfluidsynth: cannot create its settings");
  fluid_settings_setnum(settings_, "synth.sample-rate", static_cast<double>(sample_rate));
  fluid_settings_setnum(settings_, "synth.gain", gain);
  fluid_settings_setint(settings_, "synth.reverb.active", 0);
  fluid_settings_setint(settings_, "synth.chorus.active", 0);
  fluid_settings_setint(settings_, "synth.lock-memory", 0);
  fluid_settings_setstr(settings_, "player.timing-source", "sample");
  library_ = new_fluid_synth(settings_);
  if (!library_) {
    delete_fluid_settings(settings_);
    throw RunError("libfluidsynth: cannot create a synthesizer");
  }
  const int id = fluid_synth_sfload(library_, soundfont.c_str(), 1);
  if (id == FLUID_FAILED || !(sfont_ = fluid_synth_get_sfont_by_id(library_, id))) {
    delete_fluid_synth(library_);
    delete_fluid_settings(settings_);
    throw ConfigError("make-audio: cannot load the soundfont " + soundfont +
                      " (Debian package fluid-soundfont-gm)");
  }
}

MidiRenderer::~MidiRenderer() {
  delete_fluid_synth(library_);
  delete_fluid_settings(settings_);
}

namespace {
// A synthesizer that borrows `sfont` for its lifetime, and a player of one file on it.
struct Session {
  fluid_synth_t* synth = nullptr;
  fluid_sfont_t* sfont = nullptr;
  fluid_player_t* player = nullptr;
  ~Session() {
    if (player) fluid_player_stop(player), delete_fluid_player(player);
    if (synth) fluid_synth_remove_sfont(synth, sfont), delete_fluid_synth(synth);
  }
};
}  // namespace

std::vector<float> MidiRenderer::render(const std::string& midi, int64_t samples) {
  Session session;
  session.sfont = sfont_;
  session.synth = new_fluid_synth(settings_);
  if (!session.synth || fluid_synth_add_sfont(session.synth, sfont_) == FLUID_FAILED) {
    throw RunError("libfluidsynth: cannot create a synthesizer");
  }
  fluid_synth_t* synth = session.synth;
  session.player = new_fluid_player(synth);
  fluid_player_t* player = session.player;
  if (!player) throw RunError("libfluidsynth: cannot create a MIDI player");
  if (fluid_player_add(player, midi.c_str()) != FLUID_OK || fluid_player_play(player) != FLUID_OK) {
    throw RunError(midi + ": libfluidsynth cannot play it as a MIDI file");
  }
  std::vector<float> out(static_cast<size_t>(samples));
  constexpr int kBlock = 512;
  float left[kBlock], right[kBlock];
  for (int64_t done = 0; done < samples;) {
    const int n = static_cast<int>(std::min<int64_t>(kBlock, samples - done));
    if (fluid_synth_write_float(synth, n, left, 0, 1, right, 0, 1) != FLUID_OK) {
      throw RunError(midi + ": libfluidsynth failed while rendering it");
    }
    for (int k = 0; k < n; ++k) out[static_cast<size_t>(done + k)] = 0.5f * (left[k] + right[k]);
    done += n;
  }
  return out;
}

}  // namespace emorec::data
