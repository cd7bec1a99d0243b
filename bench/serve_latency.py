#!/usr/bin/env python3
"""Latency of `emorec serve`'s POST /api/recommend for a 640x480 photo: the server is started here with the
given runs and catalogue, warmed up, then sent N requests one after another and N requests from C concurrent
clients (and, sequentially, N/2 of each half alone: POST /api/analyze with the photo, and /api/recommend from
given probabilities); prints p50, p90, p99 and the throughput, and the same as JSON with --json. Standard library plus
Pillow (scripts/setup installs it into .venv) for the photo.

Usage: .venv/bin/python bench/serve_latency.py --fer-run RUN --catalogue FILE [--kg-run RUN --user ID]
       [--photo PNG] [--requests 200] [--concurrency 8] [--threads 8] [--json]
"""
import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid


def photo_640x480(path):
    from PIL import Image
    img = Image.open(path).convert("RGB")
    scale = min(640 / img.width, 480 / img.height)
    img = img.resize((int(img.width * scale), int(img.height * scale)))
    frame = Image.new("RGB", (640, 480), (110, 110, 110))
    frame.paste(img, ((640 - img.width) // 2, (480 - img.height) // 2))
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=90)
    return out.getvalue()


def multipart(fields, image):
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\n'
                 f'Content-Type: image/jpeg\r\n\r\n'.encode() + image + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def one(url, body, ctype):
    t0 = time.perf_counter()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    with urllib.request.urlopen(req, timeout=120) as res:
        res.read()
        if res.status != 200:
            raise RuntimeError(f"HTTP {res.status}")
    return time.perf_counter() - t0


def percentiles(xs):
    xs = sorted(xs)
    q = lambda p: xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]
    return {"n": len(xs), "p50_ms": 1000 * q(0.50), "p90_ms": 1000 * q(0.90), "p99_ms": 1000 * q(0.99),
            "mean_ms": 1000 * statistics.fmean(xs), "max_ms": 1000 * xs[-1]}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(here, "..", "build", "emorec"))
    ap.add_argument("--fer-run", required=True)
    ap.add_argument("--catalogue", required=True)
    ap.add_argument("--kg-run", default="")
    ap.add_argument("--user", default="")
    ap.add_argument("--photo", default="")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.photo:
        import glob
        found = glob.glob(os.path.join(here, "..", ".venv", "lib", "python*", "site-packages", "skimage", "data",
                                       "astronaut.png"))
        if not found:
            sys.exit("no --photo and no astronaut.png (scripts/setup installs it)")
        args.photo = found[0]
    image = photo_640x480(args.photo)
    fields = {"k": "20"}
    if args.user:
        fields["user"] = args.user
    body, ctype = multipart(fields, image)

    tmp = tempfile.mkdtemp(prefix="emorec-bench-serve-")
    cmd = [args.binary, "serve", "--fer-run", args.fer_run, "--catalogue", args.catalogue, "--port", "0",
           "--port-file", f"{tmp}/port", "--threads", str(args.threads)]
    if args.kg_run:
        cmd += ["--kg-run", args.kg_run]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):
            if os.path.exists(f"{tmp}/port") or server.poll() is not None:
                break
            time.sleep(0.1)
        url = f"http://127.0.0.1:{open(f'{tmp}/port').read().strip()}/api/recommend"
        # Warm-up, sequential and then concurrent: the server makes a face detector per concurrent request the
        # first time (dlib's, a few hundred ms each), which is start-up, not the steady state measured here.
        for _ in range(10):
            one(url, body, ctype)
        warm = [threading.Thread(target=lambda: [one(url, body, ctype) for _ in range(3)])
                for _ in range(args.concurrency)]
        for w in warm:
            w.start()
        for w in warm:
            w.join()
        sequential = [one(url, body, ctype) for _ in range(args.requests)]
        # The two halves alone: the photo's faces and emotions, and a list from given probabilities.
        analyze_body, analyze_type = multipart({}, image)
        analyze_url = url.replace("/api/recommend", "/api/analyze")
        analyze = [one(analyze_url, analyze_body, analyze_type) for _ in range(args.requests // 2)]
        probs = json.dumps(dict({"probs": [0, 0, 0, 0.7, 0.1, 0.1, 0.1], "k": 20},
                                **({"user": args.user} if args.user else {}))).encode()
        list_only = [one(url, probs, "application/json") for _ in range(args.requests // 2)]
        lat, lock = [], threading.Lock()
        todo = iter(range(args.requests))

        def client():
            while True:
                with lock:
                    if next(todo, None) is None:
                        return
                t = one(url, body, ctype)
                with lock:
                    lat.append(t)

        t0 = time.perf_counter()
        workers = [threading.Thread(target=client) for _ in range(args.concurrency)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall = time.perf_counter() - t0
        result = {"photo": os.path.basename(args.photo) + " fitted into 640x480 JPEG", "bytes": len(body),
                  "user": args.user or None, "server_threads": args.threads,
                  "sequential": percentiles(sequential),
                  "analyze_only": percentiles(analyze), "list_only": percentiles(list_only),
                  "concurrent": dict(percentiles(lat), clients=args.concurrency,
                                     requests_per_s=args.requests / wall)}
        for name, xs in (("sequential", sequential), ("analyze_only", analyze), ("list_only", list_only)):
            result[name]["requests_per_s"] = len(xs) / sum(xs)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name in ("sequential", "analyze_only", "list_only", "concurrent"):
            r = result[name]
            print(f"{name:12s} n {r['n']}  p50 {r['p50_ms']:.1f} ms  p90 {r['p90_ms']:.1f}  p99 {r['p99_ms']:.1f}  "
                  f"max {r['max_ms']:.1f}  {r['requests_per_s']:.1f} req/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
