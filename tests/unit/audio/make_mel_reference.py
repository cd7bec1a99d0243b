"""Prints the reference values of tests/unit/test_audio_mel.cpp, computed with librosa.

Run with librosa 0.10.2.post1 (pip install librosa==0.10.2.post1 in any virtual environment; the project's
.venv does not need it): python tests/unit/audio/make_mel_reference.py
"""
import numpy as np
import librosa

np.set_printoptions(precision=9, suppress=False)


def emit(name, values):
    flat = ", ".join(f"{v:.9g}" for v in np.asarray(values, dtype=np.float64).ravel())
    print(f"const std::vector<double> {name} = {{{flat}}};")


def emit_row(name, row):
    nz = np.flatnonzero(row)
    print(f"constexpr int64_t {name}First = {nz[0]};  // the row is 0 outside [{nz[0]}, {nz[-1]}]")
    emit(name, row[nz[0]:nz[-1] + 1])


# Filterbanks: librosa.filters.mel.
fb = librosa.filters.mel(sr=16000, n_fft=512, n_mels=8, fmin=0.0, fmax=8000.0, htk=False, norm="slaney")
emit("kSlaneyRowSums", fb.sum(axis=1))
emit_row("kSlaneyRow3", fb[3])
fb = librosa.filters.mel(sr=22050, n_fft=1024, n_mels=10, fmin=50.0, fmax=8000.0, htk=True, norm=None)
emit("kHtkRowSums", fb.sum(axis=1))
emit_row("kHtkRow7", fb[7])
emit("kMelPoints", [librosa.hz_to_mel(f) for f in (0, 500, 1000, 2500, 8000)] +
     [librosa.hz_to_mel(f, htk=True) for f in (0, 500, 1000, 2500, 8000)])

# A spectrogram: two sines, 0.25 s at 16 kHz; 16 Slaney bands; dB as power_to_db(amin 1e-10, ref 1, no top_db).
sr = 16000
n = np.arange(4000)
x = (0.5 * np.sin(2 * np.pi * 440 * n / sr) + 0.25 * np.sin(2 * np.pi * 1234.5 * n / sr)).astype(np.float32)
S = librosa.feature.melspectrogram(y=x, sr=sr, n_fft=512, hop_length=256, n_mels=16, power=2.0, center=True,
                                   pad_mode="constant")
db = librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=None)
print(f"// frames: {db.shape[1]}")
emit("kDbFrames0And7", np.concatenate([db[:, 0], db[:, 7]]))

# The reference code's front end (torchaudio's MelSpectrogram defaults): HTK scale, no norm, reflect padding.
S = librosa.feature.melspectrogram(y=x, sr=sr, n_fft=512, hop_length=256, n_mels=16, power=2.0, center=True,
                                   pad_mode="reflect", htk=True, norm=None)
emit("kDbReflectHtkFrame0", librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=None)[:, 0])
