// EmoRec's page: a photo or the webcam -> POST /api/analyze (faces, boxes, emotion probabilities) -> POST
// /api/recommend (the ranked list with the parts of each score). Nothing is loaded from outside this server.
'use strict';

const COLORS = { angry: '#d64541', disgust: '#7a9a2e', fear: '#8e5cc2', happy: '#e0b12d', sad: '#3f74c9',
                 surprise: '#e0872d', neutral: '#8a94a3' };
const $ = (id) => document.getElementById(id);
const state = { emotions: [], probs: null, recent: [], stream: null, timer: null, busy: false, lastLabel: null,
                listBusy: false };

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

async function api(path, options) {
  const res = await fetch(path, options);
  const type = res.headers.get('Content-Type') || '';
  if (!type.startsWith('application/json')) {
    if (!res.ok) throw Object.assign(new Error(`${path}: HTTP ${res.status}`), { status: res.status });
    return res;
  }
  const body = await res.json();
  if (!res.ok) {
    const e = body.error || {};
    throw Object.assign(new Error(e.message || `HTTP ${res.status}`), { status: res.status, field: e.field });
  }
  return body;
}

function drawBars(probs) {
  const box = $('emotions');
  box.innerHTML = '';
  if (!probs) return;
  const top = state.emotions.reduce((a, b) => (probs[b] > probs[a] ? b : a));
  $('emotion-label').textContent = top;
  for (const name of state.emotions) {
    const row = document.createElement('div');
    row.className = 'bar-row' + (name === top ? ' top' : '');
    row.dataset.emotion = name;
    row.innerHTML = `<span>${name}</span><div class="bar-track"><div class="bar"></div></div>` +
                    `<span class="bar-value">${(100 * probs[name]).toFixed(1)}%</span>`;
    row.querySelector('.bar').style.width = `${(100 * probs[name]).toFixed(1)}%`;
    box.appendChild(row);
  }
}

function drawView(source, width, height, faces) {
  const canvas = $('view');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(source, 0, 0, width, height);
  const line = Math.max(2, Math.round(Math.max(width, height) / 250));
  (faces || []).forEach((f, i) => {
    const b = f.box;
    ctx.lineWidth = line;
    ctx.strokeStyle = i === 0 ? COLORS[f.emotion] || '#2d6cdf' : 'rgba(255,255,255,0.8)';
    ctx.strokeRect(b.x, b.y, b.width, b.height);
    ctx.font = `${Math.max(12, 6 * line)}px system-ui, sans-serif`;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fillText(`${i + 1}: ${f.emotion}`, b.x, Math.max(12, b.y - 2 * line));
  });
}

function describeFaces(result) {
  const n = result.faces.length;
  const top = result.faces[0];
  $('faces-info').textContent = `${n} face${n === 1 ? '' : 's'} found by ${result.detector} in ` +
      `${result.width} x ${result.height}; the largest (1) is classified ${top.emotion}` +
      (n > 1 ? '; the others are marked in white' : '') + '.';
}

// The parts in the order the ranking adds them (a JSON object keeps no order). The score is the sum of the
// first three; diversity only orders the list (maximal marginal relevance) and is shown apart.
const PART_ORDER = ['distance', 'mood', 'personal', 'diversity'];

function formatPart(name, part) {
  const c = part.contribution;
  return `${name} ${c >= 0 ? '+' : '−'}${Math.abs(c).toFixed(2)}`;
}

function renderList(body) {
  const tbody = $('playlist').querySelector('tbody');
  tbody.innerHTML = '';
  for (const it of body.items) {
    const tr = document.createElement('tr');
    const cells = [it.rank, it.title, it.artist, it.mood, it.valence.toFixed(2), it.energy.toFixed(2),
                   PART_ORDER.filter((n) => n in it.parts && n !== 'diversity')
                       .map((n) => formatPart(n, it.parts[n])).join(' · ') + ` = ${it.score.toFixed(2)}` +
                   ('diversity' in it.parts ? ` (${formatPart('diversity', it.parts.diversity)})` : '')];
    cells.forEach((v, i) => {
      const td = document.createElement('td');
      td.textContent = v;
      if (i === 0 || i === 4 || i === 5) td.className = 'num';
      if (i === 6) td.className = 'why';
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  }
  const t = body.targets.map((x) => `valence ${x.valence.toFixed(2)}, arousal ${x.arousal.toFixed(2)}`).join(' then ');
  let info = `${body.items.length} songs of ${body.catalogue.tracks} by the ${body.policy} policy: you at valence ` +
             `${body.listener.valence.toFixed(2)}, arousal ${body.listener.arousal.toFixed(2)}; target ${t}.`;
  if (body.user) {
    info += ` Last.FM user ${body.user.id}: ${body.user.matched_artists} of ${body.user.catalogue_artists} ` +
            `catalogue artists have a personal score.`;
  }
  $('list-info').textContent = info;
}

function listRequest(format) {
  const body = { probs: state.emotions.map((e) => state.probs[e]), policy: $('policy').value,
                 k: Number($('k').value) };
  const user = $('user').value.trim();
  if (user) body.user = user;
  if (format) body.format = format;
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

async function recommend() {
  if (!state.probs || state.listBusy) return;
  state.listBusy = true;
  try {
    renderList(await api('/api/recommend', listRequest()));
    showError('');
    for (const id of ['download-m3u', 'download-csv']) $(id).disabled = false;
  } catch (e) {
    showError(`Songs: ${e.message}`);
  } finally {
    state.listBusy = false;
  }
}

async function download(format) {
  try {
    const res = await api('/api/recommend', listRequest(format));
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `emorec-playlist.${format}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (e) {
    showError(`Download: ${e.message}`);
  }
}

function setProbs(probs) {
  state.probs = probs;
  drawBars(probs);
  $('recommend').disabled = !probs;
}

async function analyzePhoto(file) {
  stopWebcam();
  showError('');
  $('timeline').innerHTML = '';
  const form = new FormData();
  form.append('image', file, file.name);
  try {
    const bitmap = await createImageBitmap(file).catch(() => null);
    const result = await api('/api/analyze', { method: 'POST', body: form });
    if (bitmap) drawView(bitmap, result.width, result.height, result.faces);
    describeFaces(result);
    setProbs(result.faces[0].probabilities);
    await recommend();
  } catch (e) {
    setProbs(null);
    $('faces-info').textContent = 'No result for this photo.';
    showError(`${file.name}: ${e.message}`);
  }
}

function smoothed() {
  const p = {};
  for (const e of state.emotions) p[e] = state.recent.reduce((s, r) => s + r[e], 0) / state.recent.length;
  return p;
}

function mark(label) {
  const span = document.createElement('span');
  span.style.background = label ? COLORS[label] : '#d9dee5';
  span.title = label || 'no face';
  span.dataset.emotion = label || '';
  const timeline = $('timeline');
  timeline.appendChild(span);
  while (timeline.children.length > 60) timeline.firstChild.remove();
}

async function webcamFrame() {
  const video = $('camera');
  if (state.busy || !video.videoWidth) return;
  state.busy = true;
  const grab = document.createElement('canvas');
  grab.width = video.videoWidth;
  grab.height = video.videoHeight;
  grab.getContext('2d').drawImage(video, 0, 0);
  try {
    const blob = await new Promise((resolve) => grab.toBlob(resolve, 'image/jpeg', 0.9));
    const form = new FormData();
    form.append('image', blob, 'frame.jpg');
    const result = await api('/api/analyze', { method: 'POST', body: form });
    drawView(grab, result.width, result.height, result.faces);
    describeFaces(result);
    state.recent.push(result.faces[0].probabilities);
    const window = Math.max(1, Number($('window').value) || 1);
    while (state.recent.length > window) state.recent.shift();
    const p = smoothed();
    setProbs(p);
    const label = state.emotions.reduce((a, b) => (p[b] > p[a] ? b : a));
    mark(result.faces[0].emotion);
    if (label !== state.lastLabel) {
      state.lastLabel = label;
      recommend();
    }
    showError('');
  } catch (e) {
    drawView(grab, grab.width, grab.height, []);
    if (e.status === 422) {
      mark(null);
      $('faces-info').textContent = 'No face in this frame.';
    } else {
      showError(`Camera frame: ${e.message}`);
    }
  } finally {
    state.busy = false;
  }
}

async function startWebcam() {
  showError('');
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  } catch (e) {
    showError(`The webcam: ${e.message}`);
    return;
  }
  const video = $('camera');
  video.srcObject = state.stream;
  await video.play().catch(() => {});
  state.recent = [];
  state.lastLabel = null;
  $('timeline').innerHTML = '';
  $('webcam-start').disabled = true;
  $('webcam-stop').disabled = false;
  state.timer = setInterval(webcamFrame, 400);
}

function stopWebcam() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
  state.stream = null;
  $('webcam-start').disabled = false;
  $('webcam-stop').disabled = true;
}

async function init() {
  try {
    const health = await api('/api/health');
    state.emotions = health.emotions;
    for (const name of health.policies) {
      const option = document.createElement('option');
      option.value = option.textContent = name;
      option.selected = name === health.policy;
      $('policy').appendChild(option);
    }
    $('k').max = health.max_k;
    $('status').textContent = `FER run ${health.fer_run} (epoch ${health.epoch}), detector ${health.detector}; ` +
        `catalogue of ${health.catalogue.tracks} songs` +
        (health.kg_run ? `; ${health.users} Last.FM users from ${health.kg_run}` : '; no Last.FM users (no --kg-run)');
    if (health.users > 0) {
      const { users } = await api('/api/users');
      const list = $('users');
      for (const id of users) {
        const option = document.createElement('option');
        option.value = id;
        list.appendChild(option);
      }
    } else {
      $('user').disabled = true;
    }
  } catch (e) {
    showError(`The server: ${e.message}`);
  }
  $('photo').addEventListener('change', (ev) => ev.target.files[0] && analyzePhoto(ev.target.files[0]));
  $('webcam-start').addEventListener('click', startWebcam);
  $('webcam-stop').addEventListener('click', stopWebcam);
  $('recommend').addEventListener('click', recommend);
  for (const id of ['policy', 'user', 'k']) $(id).addEventListener('change', recommend);
  $('download-m3u').addEventListener('click', () => download('m3u'));
  $('download-csv').addEventListener('click', () => download('csv'));
}

init();
