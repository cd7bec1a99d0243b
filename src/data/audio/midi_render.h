// Rendering MIDI files to audio in process with libfluidsynth (Debian's libfluidsynth-dev): the General MIDI
// soundfont is loaded once per renderer instead of once per clip (the fluidsynth program spends most of its
// time there), reverb and chorus off, the player clocked by the rendered samples. Each file is rendered by a
// new synthesizer that borrows the loaded soundfont (a reset synthesizer still carried state from the clip
// before), so the audio depends on the MIDI file alone. One renderer per thread.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

typedef struct _fluid_hashtable_t fluid_settings_t;
typedef struct _fluid_synth_t fluid_synth_t;
typedef struct _fluid_sfont_t fluid_sfont_t;

namespace emorec::data {

class MidiRenderer {
 public:
  // ConfigError naming the soundfont when it cannot be loaded.
  MidiRenderer(const std::string& soundfont, int64_t sample_rate, double gain);
  ~MidiRenderer();
  MidiRenderer(const MidiRenderer&) = delete;
  MidiRenderer& operator=(const MidiRenderer&) = delete;
  // The first `samples` samples of `midi` (mono: the two channels averaged), from a new synthesizer; what is
  // left after the song ends is its release and then silence. RunError naming the file when it is not MIDI.
  std::vector<float> render(const std::string& midi, int64_t samples);

 private:
  fluid_settings_t* settings_ = nullptr;
  fluid_synth_t* library_ = nullptr;  // holds the loaded soundfont
  fluid_sfont_t* sfont_ = nullptr;
};

}  // namespace emorec::data
