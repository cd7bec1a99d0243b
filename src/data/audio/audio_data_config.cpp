// Fields, defaults and rules of the audio data sets' keys.
#include "data/audio/audio_data_config.h"

namespace emorec::data {

using config::IntRule;
using config::NumberRule;
using config::StringRule;

void MelOptions::visit(config::ConfigVisitor& v) {
  v.field("sample_rate", sample_rate, IntRule::range(1000, 192000), "audio resampled to this rate, Hz");
  v.field("n_fft", n_fft, IntRule::range(16, 65536), "STFT size (samples); n_fft / 2 + 1 frequency bins");
  v.field("hop_length", hop_length, IntRule::range(1, 65536), "samples between STFT frames");
  v.field("n_mels", n_mels, IntRule::range(1, 1024), "mel bands");
  v.field("f_min", f_min, NumberRule::non_negative(), "lowest frequency of the filterbank, Hz");
  v.field("f_max", f_max, NumberRule::non_negative(), "highest frequency, Hz; 0: sample_rate / 2");
  if (f_max > 0 && 2 * f_max > static_cast<double>(sample_rate)) {
    v.reject("f_max",
             "is above the Nyquist frequency (half of sample_rate " + std::to_string(sample_rate) + ")");
  }
  v.field("scale", scale, StringRule::one_of({"slaney", "htk"}, "mel scale"),
          "mel scale (as librosa's htk flag)");
  v.field("norm", norm, StringRule::one_of({"slaney", "none"}, "filter normalisation"),
          "slaney: each filter's area is 1 (librosa's default); none: each filter peaks at 1");
  v.field("center", center, "frames centred on multiples of hop_length, the signal padded by n_fft / 2");
  v.field(
      "pad_mode", pad_mode, StringRule::one_of({"constant", "reflect"}, "padding"),
      "how center pads: constant (zeros, as librosa 0.10) or reflect (as torchaudio and the reference code)");
  v.field("log", log, StringRule::one_of({"db", "log1p", "none"}, "log compression"),
          "db: 10 log10(max(power, 1e-10)); log1p: log(1 + 10000 power); none: the power");
}

void SpecAugmentOptions::visit(config::ConfigVisitor& v) {
  v.field("freq_masks", freq_masks, IntRule::range(0, 64), "frequency masks per example (0: none)");
  v.field("freq_width", freq_width, IntRule::range(0, 1024), "largest frequency mask, in mel bins");
  v.field("time_masks", time_masks, IntRule::range(0, 64), "time masks per example (0: none)");
  v.field("time_width", time_width, IntRule::range(0, 100000), "largest time mask, in frames");
}

void AudioDataConfig::visit(config::ConfigVisitor& v) {
  v.field(
      "path", path, StringRule::any(),
      "the tags file, relative to the data set's folder or absolute: MTG-Jamendo's autotagging.tsv layout "
      "or MagnaTagATune's annotations_final.csv; empty: the data set's default file");
  v.field(
      "layout", layout, StringRule::one_of({"auto", "mtg-jamendo", "magnatagatune"}, "tags layout"),
      "mtg-jamendo: TRACK_ID ARTIST_ID ALBUM_ID PATH DURATION then one tag per column (group---tag), split "
      "files in split_dir; magnatagatune: clip_id, one 0/1 column per tag, mp3_path, split by the audio's "
      "folder (0-b train, c validation, d-f test); auto: by the file name (annotations_final.csv is "
      "magnatagatune)");
  v.field("audio_dir", audio_dir, StringRule::any(),
          "folder the tags file's audio paths are relative to (relative to the tags file's folder, or "
          "absolute); empty: the tags file's folder");
  v.field("split_dir", split_dir, StringRule::any(),
          "mtg-jamendo: folder of autotagging-train.tsv, -validation.tsv and -test.tsv, relative to the tags "
          "file's folder");
  v.field("top_tags", top_tags, IntRule::range(0, 100000),
          "if > 0, keep only this many tags, the most frequent among the training tracks (MagnaTagATune's "
          "usual 50); tracks left without a tag are dropped and counted");
  v.field("cache_dir", cache_dir, StringRule::any(),
          "where log-mel spectrograms are cached; empty: $EMOREC_CACHE if set, else .cache/emorec");
  v.field("chunk_frames", chunk_frames, IntRule::range(1, 1 << 20),
          "mel frames per training chunk, drawn at a random offset of each track every epoch (hop_length "
          "256 at 16 kHz: 231 frames are the reference's 3.69 s)");
  v.field("eval_chunks", eval_chunks, IntRule::range(0, 4096),
          "evaluation of a whole track averages the tags' probabilities over chunks: 0 enough evenly spaced "
          "chunks to cover the track, else this many (the reference code takes 16)");
  v.section("mel", "the log-mel front end, computed once per track into the cache",
            [&](config::ConfigVisitor& s) { mel.visit(s); });
  v.section("spec_augment", "SpecAugment-style masks of training chunks, on the training device",
            [&](config::ConfigVisitor& s) { spec_augment.visit(s); });
}

const AudioDataConfig& audio_data_config(const config::DataConfig& data) {
  return data.options.as<AudioDataConfig>();
}

}  // namespace emorec::data
