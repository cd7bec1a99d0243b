// The keys of the audio data sets (data.dataset of kind audio: audio-mma, magnatagatune, mtg-jamendo), beside
// data.dataset: where the tags and the audio are, the log-mel front end (data.mel), the chunks the models see
// and the training-time masking (data.spec_augment). No LibTorch: the formats library reads them.
#pragma once
#include <cstdint>
#include <string>

#include "config/experiment.h"
#include "config/visitor.h"

namespace emorec::data {

// The log-mel front end (data/audio/mel.h).
struct MelOptions {
  int64_t sample_rate = 16000;
  int64_t n_fft = 512;
  int64_t hop_length = 256;
  int64_t n_mels = 128;
  double f_min = 0.0;
  double f_max = 0.0;            // 0: sample_rate / 2
  std::string scale = "slaney";  // slaney | htk: the mel scale
  std::string norm = "slaney";   // slaney (each filter's area 1 in Hz) | none (peak 1)
  bool center = true;            // frames centred on t * hop_length, the signal padded by n_fft / 2
  std::string pad_mode =
      "constant";          // constant (zeros, librosa 0.10) | reflect (torchaudio, the reference code)
  std::string log = "db";  // db: 10 log10(max(P, 1e-10)) | log1p: log(1 + 10000 P) | none
  void visit(config::ConfigVisitor& v);
};

// SpecAugment-style masks of training chunks (data/audio/spec_augment.h).
struct SpecAugmentOptions {
  int64_t freq_masks = 0, freq_width = 0;  // 0 masks: off
  int64_t time_masks = 0, time_width = 0;
  void visit(config::ConfigVisitor& v);
};

struct AudioDataConfig {
  std::string path;  // the tags file, relative to the data set's folder or absolute; empty: the layout's
  std::string layout = "auto";  // auto | mtg-jamendo | magnatagatune (auto: by the tags file's name)
  std::string audio_dir;        // folder the tags file's paths are relative to; empty: the tags file's folder
  std::string split_dir = "split-0";  // mtg-jamendo: the folder of autotagging-{train,validation,test}.tsv
  int64_t top_tags = 0;               // > 0: keep the most frequent tags of the training tracks
  std::string cache_dir;              // empty: $EMOREC_CACHE, else .cache/emorec
  int64_t chunk_frames = 128;         // frames per training chunk
  int64_t eval_chunks = 0;            // whole-track evaluation: 0 chunks covering the track, else this many
  MelOptions mel;
  SpecAugmentOptions spec_augment;
  void visit(config::ConfigVisitor& v);
};

// The audio keys of an experiment on an audio data set (std::logic_error for any other data set).
const AudioDataConfig& audio_data_config(const config::DataConfig& data);

}  // namespace emorec::data
