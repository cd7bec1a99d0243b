#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (fuzz/corpus/<target>/) from the project's own files (configs/) and
small hand-made examples of each format; none is taken from the shared data sets. Multi-file targets take their
files joined by a line "====" (fuzz/fuzz_util.h). Run from the repository root; the output is committed."""
import gzip
import io
import os
import random
import shutil
import tarfile

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")
SEP = b"\n====\n"
rng = random.Random(1)


def put(target, name, data):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def project_file(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def image_bytes(fmt, size, mode="L", **save):
    img = Image.new(mode, size)
    img.putdata([tuple(rng.randrange(256) for _ in mode) if len(mode) > 1 else rng.randrange(256)
                 for _ in range(size[0] * size[1])])
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


shutil.rmtree(OUT, ignore_errors=True)

# The strict config reader through the app config, with --set lines.
app = project_file("configs/app/default.yaml")
put("app_config", "default", app)
put("app_config", "default_sets", app + SEP + b"policy.name=uplift\nranking.k_pool=50\n")
put("app_config", "anchors", b"base: &b {valence: 0.5, arousal: 0.5}\nemotions:\n  happy: *b\n" + SEP + b"source=x\n")

# Experiments: every config the project ships (KG, FER, mood), a few with --set lines.
for folder, _, files in sorted(os.walk(os.path.join(ROOT, "configs"))):
    rel = os.path.relpath(folder, ROOT)
    if rel.startswith(os.path.join("configs", "app")) or rel.startswith(os.path.join("configs", "tables")):
        continue
    for name in sorted(f for f in files if f.endswith(".yaml")):
        put("experiment", (rel.replace(os.sep, "_") + "_" + name)[len("configs_"):], project_file(os.path.join(rel, name)))
put("experiment", "kgcn_sets", project_file("configs/kg/kgcn_lastfm_sum.yaml") + SEP +
    b"model.dim=32\ntrain.optimizer.name=sgd\ntrain.schedule.name=cosine\neval.topk=[5, 10]\n")
put("experiment", "anchors", b"experiment: a\ndata: &d {dataset: synthetic}\nmodel: {name: kg/mkgcn}\n" + SEP +
    b"data.synthetic.users=10\n")

# Reproduction tables: the project's own.
for name in sorted(os.listdir(os.path.join(ROOT, "configs", "tables"))):
    put("reproduce_table", name, project_file(os.path.join("configs", "tables", name)))

# KG triples (head, relation, tail; CRLF and LF mixed, as KGCN's release has them).
kg = "0\tmusic.artist.origin\t5\r\n1\tfilm.actor.film\t6\n7\tmusic.artist.origin\t5\r\n5\tmusic.genre.artists\t1\n"
put("kg_triples", "mixed_endings", kg)
put("kg_triples", "one", "7\tr\t8\n")

# KGCN's Last.FM: kg.txt, item_index2entity_id.txt, user_artists.dat.
items = "2\t0\n3\t1\n51\t2\n"
ratings = "userID\tartistID\tweight\n2\t51\t13883\n2\t3\t2\n5\t2\t400\n5\t51\t1\n"
put("kgcn_lastfm", "small", kg + SEP.decode() + items + SEP.decode() + ratings)

# MKGCN's music-d: itemID2entityID.txt, kg.txt, userID2itemID4ratings.tsv (header rows, CRLF).
put("music_d", "small",
    "itemID\tentityID\r\nIRdXoGT7rx5IWzVd\t1\r\nTxA8fSsJyolTz34h\t2\r\n" + SEP.decode() +
    "head\trelation\ttail\r\n1\trelation_100\t3\r\n2\trelation_100\t3\r\n" + SEP.decode() +
    "userID\titemID\trating\r\n10\tIRdXoGT7rx5IWzVd\t7\r\n11\tTxA8fSsJyolTz34h\t9\r\n10\tTxA8fSsJyolTz34h\t1\r\n")

# Modality files: the first byte picks the missing-item policy (zeros, mean, error).
put("modality", "header_zeros", "\x00item\tf1\tf2\na1\t0.5\t1\n0123456789abcdef\t-1\t2e3\n")
put("modality", "no_header_mean", "\x01a1\t1\t2\t3\r\n42\t0.25\t-0.5\t1e-3\r\n")
put("modality", "error", "\x02a1 1 2\n0123456789abcdef 3 4\n42 5 6\n")

# hetrec2011's user_taggedartists.dat.
put("lastfm_tags", "small", "userID\tartistID\ttagID\tday\tmonth\tyear\r\n2\t1\t13\t1\t4\t2009\r\n"
                            "2\t2\t13\t1\t4\t2009\r\n3\t51\t7\t1\t5\t2010\r\n3\t1\t7\t1\t5\t2010\r\n")

# FER2013's CSV: two rows of random pixels.
def fer_row(label, usage):
    return f"{label},{' '.join(str(rng.randrange(256)) for _ in range(48 * 48))},{usage}\n"
put("fer_csv", "two_rows", "emotion,pixels,Usage\n" + fer_row(3, "Training") + fer_row(6, "PrivateTest"))
put("fer_csv", "crlf", ("emotion,pixels,Usage\n" + fer_row(0, "PublicTest")).replace("\n", "\r\n"))

# FER2013's image archive: train/<emotion>/Training_*.jpg and test/<emotion>/PublicTest_*.png, as tar.gz and tar.
def archive(entries, compress):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(buf.getvalue(), mtime=0) if compress else buf.getvalue()
entries = [("./train/happy/Training_1.jpg", image_bytes("JPEG", (48, 48), quality=50)),
           ("./test/sad/PublicTest_2.png", image_bytes("PNG", (48, 48)))]
put("fer_archive", "two_images.tar.gz", archive(entries, True))
put("fer_archive", "one_image.tar", archive(entries[:1], False))

# Photos: JPEG (grey and colour, one with an EXIF orientation), PNG, BMP, GIF; small.
exif = Image.Exif()
exif[0x0112] = 6
put("photo", "grey.jpg", image_bytes("JPEG", (24, 16), quality=40))
put("photo", "rgb_exif6.jpg", image_bytes("JPEG", (16, 24), "RGB", quality=40, exif=exif.tobytes()))
put("photo", "rgb.png", image_bytes("PNG", (20, 12), "RGB"))
put("photo", "grey.bmp", image_bytes("BMP", (9, 7)))
put("photo", "grey.gif", image_bytes("GIF", (8, 8)))

# The mood-labelled tracks CSV (spotify-moods' columns; made-up rows, one with a quoted comma).
header = ("name,album,artist,id,release_date,popularity,length,danceability,acousticness,energy,"
          "instrumentalness,liveness,valence,loudness,speechiness,tempo,key,time_signature,mood\n")
rows = ['"Song, One",Album,Someone,0000000000000000000001,2001-01-01,50,200000,0.5,0.1,0.7,0.0,0.1,0.6,'
        '-7.5,0.05,120.0,5,4,Happy\n',
        'Two,B,Other,0000000000000000000002,1999,10,180000,0.2,0.9,0.1,0.8,0.1,0.1,-20,0.04,70,0,3,Calm\n']
put("mood_tracks", "two_rows", header + "".join(rows))
put("mood_tracks", "crlf", (header + rows[1]).replace("\n", "\r\n"))

# Hand-given emotions: a name, then seven probabilities.
put("emotion_input", "happy", "happy" + SEP.decode() + "0.1,0.1,0.1,0.4,0.1,0.1,0.1")
put("emotion_input", "spaces", "Neutral " + SEP.decode() + " 0, 0, 0, 0, 0, 0, 1 ")

# Requests to the server: Content-Type, body, then query or form fields.
put("request", "json_probs", "application/json" + SEP.decode() +
    '{"probs": [0.1, 0.1, 0.1, 0.4, 0.1, 0.1, 0.1], "k": 5, "format": "m3u"}' + SEP.decode() + "policy=match\n")
put("request", "fields_emotion", "" + SEP.decode() + "" + SEP.decode() + "emotion=happy\nk=10\nuser=2\n")
put("request", "image_body", b"image/PNG; charset=x" + SEP + image_bytes("PNG", (8, 8)) + SEP + b"format=csv\n")

# The catalogue file (app/catalogue_file): made-up tracks, as `emorec catalogue build` writes them.
cat_head = ("# emorec-catalogue 1\tkey=0123abcd-2\trun=runs/mood/x\tcheckpoint=best\tmoods=Calm,Energetic,Happy,Sad"
            "\trows=3\tmalformed=0\tduplicates=1\ttracks=2\tvalence_mean=0.5\tvalence_sd=0.25\tenergy_mean=0.4"
            "\tenergy_sd=0.2\n"
            "title\tartist\turi\tsource\tvalence\tenergy\tmood\tp_Calm\tp_Energetic\tp_Happy\tp_Sad\n")
cat_rows = ("Song One\tSomeone\tspotify:track:1\thits.csv:2\t0.75\t0.6\tHappy\t0.1\t0.2\t0.6\t0.1\n"
            "Two\tOther\tspotify:track:2\thits.csv:4\t0.25\t0.2\tSad\t0.25\t0.05\t0.05\t0.65\n")
put("catalogue", "two_tracks", cat_head + cat_rows)
put("catalogue", "crlf_truncated", (cat_head + cat_rows.splitlines(True)[0]).replace("\n", "\r\n"))
