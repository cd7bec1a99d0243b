#!/usr/bin/env python3
"""The page of `emorec serve` in a real browser: Debian's chromium, headless, driven through chromium-driver
by Selenium. A real face photo (scikit-image's astronaut.png) is uploaded and the emotion bars, the face count
and the list are checked; a Last.FM user is picked; the M3U playlist is downloaded and read; a photo with no
face shows the server's error; then the webcam path runs on Chromium's fake camera, fed a Y4M video made of
face photos, until the timeline has frames with faces and the list follows. Screenshots go to the folder given
by --screenshots.

Usage: test_page.py EMOREC_BINARY SOURCE_DIR ASTRONAUT_PNG DATA_ROOT [--screenshots DIR]
Exit 77 (ctest's skip) when Chromium, chromium-driver, Selenium or the data are missing, unless
EMOREC_REQUIRE_BROWSER=1 (CI sets it), where a missing piece fails the test.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIP = 77
FACES = "/usr/share/doc/libdlib19.1/examples/faces"


def skip(reason):
    if os.environ.get("EMOREC_REQUIRE_BROWSER") == "1":
        print(f"FAILED: {reason} (EMOREC_REQUIRE_BROWSER=1: the browser test must run)")
        sys.exit(1)
    print(f"SKIPPED: {reason}")
    sys.exit(SKIP)


def run(cmd, **kw):
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {out.returncode}:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def last_line(text):
    return [line for line in text.splitlines() if line.strip()][-1].strip()


def make_y4m(path, photos, frames_each=8, size=(640, 480)):
    """A 4:2:0 Y4M video at 5 fps: each photo fitted into a grey 640x480 frame, shifted a little per frame."""
    from PIL import Image
    w, h = size
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{w} H{h} F5:1 Ip A1:1 C420jpeg\n".encode())
        for photo in photos:
            img = Image.open(photo).convert("RGB")
            scale = min(w / img.width, h / img.height)
            img = img.resize((int(img.width * scale), int(img.height * scale)))
            for i in range(frames_each):
                frame = Image.new("RGB", size, (110, 110, 110))
                frame.paste(img, ((w - img.width) // 2 + 4 * (i % 3) - 4, (h - img.height) // 2))
                y, u, v = frame.convert("YCbCr").split()
                out.write(b"FRAME\n")
                out.write(y.tobytes())
                out.write(u.resize((w // 2, h // 2)).tobytes())
                out.write(v.resize((w // 2, h // 2)).tobytes())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("source")
    ap.add_argument("astronaut")
    ap.add_argument("data_root")
    ap.add_argument("--screenshots", default="")
    args = ap.parse_args()
    args.astronaut = os.path.abspath(args.astronaut) if args.astronaut else ""
    args.data_root = os.path.abspath(os.environ.get("EMOREC_DATA") or args.data_root)

    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        skip("chromium or chromedriver not found (scripts/setup installs Debian's chromium and chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        import PIL  # noqa: F401
    except ImportError as e:
        skip(f"{e} (scripts/setup installs Selenium and Pillow into .venv)")
    if not args.astronaut or not os.path.exists(args.astronaut):
        skip("astronaut.png not found (scripts/setup installs scikit-image's wheel for it)")
    for name in ("fer2013", "spotify-moods", "spotify-hits", "kgcn-lastfm", "hetrec2011-lastfm-2k"):
        if not os.path.isdir(os.path.join(args.data_root, name)):
            skip(f"data set {name} not found under {args.data_root}")
    if not os.path.exists(os.path.join(FACES, "dogs.jpg")):
        skip(f"{FACES} not found (Debian's libdlib19.1)")

    tmp = tempfile.mkdtemp(prefix="emorec-browser-")
    server = None
    browser = None
    try:
        emorec = [args.binary]
        common = ["--no-progress", "--set", f"output.runs_dir={tmp}/runs", "--set", f"data.root={args.data_root}"]
        os.chdir(args.source)
        # A FER run (1 epoch on 1,000 training images: the page is under test, not the model), a mood run and
        # its catalogue of the real spotify-hits songs, and a 1-epoch KGCN run for the Last.FM user picker.
        fer = last_line(run(emorec + ["train", "configs/fer/smoke.yaml", "--set", "train.epochs=1", "--set",
                                      "data.train_subset=1000", "--set", f"data.cache_dir={tmp}/cache"] + common))
        mood = last_line(run(emorec + ["train", "configs/mood/logistic.yaml"] + common))
        run(emorec + ["catalogue", "build", "--run", mood, "--root", args.data_root, "--out", f"{tmp}/catalogue.tsv"])
        kg = last_line(run(emorec + ["train", "configs/kg/kgcn_lastfm_sum.yaml", "--set", "train.epochs=1"] + common))
        port_file = f"{tmp}/port"
        server = subprocess.Popen(emorec + ["serve", "--fer-run", fer, "--kg-run", kg, "--catalogue",
                                            f"{tmp}/catalogue.tsv", "--port", "0", "--port-file", port_file],
                                  stdout=subprocess.DEVNULL, stderr=open(f"{tmp}/serve.log", "w"))
        for _ in range(600):
            if os.path.exists(port_file) or server.poll() is not None:
                break
            time.sleep(0.1)
        if not os.path.exists(port_file):
            raise RuntimeError("the server did not start:\n" + open(f"{tmp}/serve.log").read())
        base = f"http://127.0.0.1:{open(port_file).read().strip()}"
        health = json.load(urllib.request.urlopen(base + "/api/health"))
        assert health["users"] == 1872, health

        video = f"{tmp}/faces.y4m"
        make_y4m(video, [args.astronaut, os.path.join(FACES, "2008_002470.jpg")])
        downloads = f"{tmp}/downloads"
        os.makedirs(downloads)
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1500",
                     "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                     f"--use-file-for-fake-video-capture={video}"):
            options.add_argument(flag)
        options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                                  "download.prompt_for_download": False})
        browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
        wait = WebDriverWait(browser, 60)
        browser.get(base + "/")
        wait.until(lambda b: "catalogue of" in b.find_element(By.ID, "status").text)

        def rows():
            return browser.find_elements(By.CSS_SELECTOR, "#playlist tbody tr")

        def shot(name):
            if args.screenshots:
                os.makedirs(args.screenshots, exist_ok=True)
                browser.save_screenshot(os.path.join(args.screenshots, name))

        # A photo: bars for the 7 emotions summing to 100%, the face count, 20 songs with reasons.
        browser.find_element(By.ID, "photo").send_keys(args.astronaut)
        wait.until(lambda b: len(rows()) == 20)
        bars = browser.find_elements(By.CSS_SELECTOR, "#emotions .bar-row")
        assert [b.get_attribute("data-emotion") for b in bars] == health["emotions"], bars
        total = sum(float(b.find_element(By.CLASS_NAME, "bar-value").text.rstrip("%")) for b in bars)
        assert abs(total - 100) < 0.5, total
        info = browser.find_element(By.ID, "faces-info").text
        assert "found by dlib-hog in 512 x 512" in info, info
        first = rows()[0].find_elements(By.TAG_NAME, "td")
        assert first[0].text == "1" and "distance" in first[6].text, [td.text for td in first]
        assert not browser.find_element(By.ID, "error").is_displayed()
        # A Last.FM listener: the list gains the personal part.
        user = browser.find_element(By.ID, "user")
        user.send_keys("842")
        browser.execute_script("arguments[0].dispatchEvent(new Event('change'))", user)
        wait.until(lambda b: "Last.FM user 842" in b.find_element(By.ID, "list-info").text)
        wait.until(lambda b: "personal" in rows()[0].find_elements(By.TAG_NAME, "td")[6].text)
        shot("page-photo.png")
        # The playlist download: an M3U of the 20 songs.
        browser.find_element(By.ID, "download-m3u").click()
        m3u = os.path.join(downloads, "emorec-playlist.m3u")
        WebDriverWait(browser, 30).until(lambda b: os.path.exists(m3u) and os.path.getsize(m3u) > 0)
        lines = open(m3u).read().splitlines()
        assert lines[0] == "#EXTM3U" and sum(line.startswith("#EXTINF") for line in lines) == 20, lines[:4]
        # A photo with no face: the server's message on the page.
        browser.find_element(By.ID, "photo").send_keys(os.path.join(FACES, "dogs.jpg"))
        wait.until(lambda b: b.find_element(By.ID, "error").is_displayed())
        error = browser.find_element(By.ID, "error").text
        assert "no face found" in error, error
        # The webcam: frames with faces fill the timeline, the smoothed bars and the list follow.
        browser.find_element(By.ID, "webcam-start").click()
        wait.until(lambda b: len([s for s in b.find_elements(By.CSS_SELECTOR, "#timeline span")
                                  if s.get_attribute("data-emotion")]) >= 4)
        wait.until(lambda b: len(rows()) == 20 and not b.find_element(By.ID, "error").is_displayed())
        assert len(browser.find_elements(By.CSS_SELECTOR, "#emotions .bar-row")) == 7
        shot("page-webcam.png")
        browser.find_element(By.ID, "webcam-stop").click()
        assert server.poll() is None, "the server exited"
        print("PASSED: photo, user, download, no-face error and webcam paths")
        return 0
    finally:
        if browser is not None:
            browser.quit()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
