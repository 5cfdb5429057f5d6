// The zk-ts dashboard: polls this server's /api (which also asks the other members' admin
// servers), draws the ensemble, request graphs, a znode browser, sessions and watches.
// Plain browser JavaScript, no build step, no external resources (docs/operations.md).

const POLL_MS = 2000;
const HISTORY = 60; // points per graph
const COLORS = ['#2f6fdb', '#1f9d55', '#d9822b', '#8a4fd8', '#c23b3b', '#178a8a', '#a05a2c'];

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'color') e.style.background = v; // CSSOM: the page's CSP allows no style attributes
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
};

async function getJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok && res.status !== 404) throw new Error(body.error || `HTTP ${res.status}`);
  return { status: res.status, body };
}

// ---------------------------------------------------------------- ensemble and graphs

const history = new Map(); // server id -> [{t, requests, latencySumMs}]
let writeEnabled = false;

function zxidParts(hex) {
  const z = BigInt(hex);
  return { epoch: Number(z >> 32n), counter: Number(z & 0xffffffffn) };
}

function renderEnsemble(data) {
  const tbody = $('#ensemble tbody');
  tbody.replaceChildren();
  const servers = data.servers;
  const leader = servers.find((s) => s.ok && s.overview.state === 'leading');
  const leaderZxid = leader ? zxidParts(leader.overview.zxid) : null;
  const unacked = new Map((leader?.overview.learners ?? []).map((l) => [l.sid, l.unacked]));
  for (const s of servers) {
    const o = s.ok ? s.overview : null;
    const role = o ? o.state : 'down';
    let lag = '';
    if (o && leaderZxid) {
      const mine = zxidParts(o.zxid);
      lag = mine.epoch === leaderZxid.epoch ? String(Math.max(0, leaderZxid.counter - mine.counter)) : 'other epoch';
      if (unacked.has(s.id)) lag += ` (${unacked.get(s.id)} unacked)`;
    }
    const link = s.url ? el('a', { href: s.url + '/' }, s.url.replace(/^http:\/\//, '')) : el('span', { class: 'muted' }, 'this page');
    const tr = el(
      'tr',
      { class: s.id === data.self ? 'self' : '', dataset: { server: s.id, role } },
      el('td', {}, `${s.id}${s.id === data.self ? ' (here)' : ''}`),
      el('td', {}, el('span', { class: `role ${role}`, title: o ? (o.serving ? 'serving clients' : 'not serving') : s.error }, role)),
      el('td', { class: 'num' }, o ? (o.epoch >= 0 ? o.epoch : '–') : ''),
      el('td', { class: 'mono' }, o ? o.zxid : ''),
      el('td', { class: 'num' }, lag),
      el('td', { class: 'num' }, o ? o.sessions : ''),
      el('td', { class: 'num' }, o ? o.connections : ''),
      el('td', { class: 'num' }, o ? o.outstanding : ''),
      el('td', { class: 'num' }, o ? o.znodes : ''),
      el('td', { class: 'num' }, o ? o.watches : ''),
      el('td', {}, link),
    );
    tbody.append(tr);
    if (o) {
      const h = history.get(s.id) ?? [];
      h.push({ t: Date.now(), requests: o.requests, latencySumMs: o.latencySumMs });
      while (h.length > HISTORY + 1) h.shift();
      history.set(s.id, h);
    }
  }
  const me = servers.find((s) => s.id === data.self);
  $('#whoami').textContent = me?.ok ? `server ${data.self} · ${me.overview.state} · ${me.overview.version}` : `server ${data.self}`;
  drawGraphs(servers.map((s) => s.id));
}

/** Per server: [{t, rate, latency}] from successive totals (a counter reset starts over). */
function series(id) {
  const h = history.get(id) ?? [];
  const out = [];
  for (let i = 1; i < h.length; i++) {
    const dt = (h[i].t - h[i - 1].t) / 1000;
    const dn = h[i].requests - h[i - 1].requests;
    const dl = h[i].latencySumMs - h[i - 1].latencySumMs;
    if (dt <= 0 || dn < 0) continue;
    out.push({ t: h[i].t, rate: dn / dt, latency: dn > 0 ? dl / dn : null });
  }
  return out;
}

function drawGraphs(ids) {
  const legend = $('#legend');
  legend.replaceChildren(...ids.map((id, i) => el('span', {}, el('i', { color: COLORS[i % COLORS.length] }), `server ${id}`)));
  const all = ids.map((id) => series(id));
  const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1));
  drawGraph($('#rate-graph'), ids, all.map((s) => s.map((p) => ({ t: p.t, v: p.rate }))), fmt);
  drawGraph($('#latency-graph'), ids, all.map((s) => s.filter((p) => p.latency !== null).map((p) => ({ t: p.t, v: p.latency }))), fmt);
}

function drawGraph(canvas, ids, lines, fmt) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 560;
  const h = canvas.clientHeight || 180;
  canvas.width = w * dpr;
  canvas.height = h * dpr;
  const g = canvas.getContext('2d');
  g.scale(dpr, dpr);
  g.clearRect(0, 0, w, h);
  const pad = { l: 44, r: 10, t: 10, b: 20 };
  const now = Date.now();
  // The window grows with the history kept, from 30 s up to HISTORY polls.
  const first = Math.min(now, ...lines.flat().map((p) => p.t));
  const span = Math.min(HISTORY * POLL_MS, Math.max(30_000, Math.ceil((now - first) / 10_000) * 10_000));
  const max = Math.max(1e-9, ...lines.flat().map((p) => p.v));
  const top = niceCeil(max);
  const x = (t) => pad.l + ((t - (now - span)) / span) * (w - pad.l - pad.r);
  const y = (v) => h - pad.b - (v / top) * (h - pad.t - pad.b);
  g.strokeStyle = '#dde1e8';
  g.fillStyle = '#6b7385';
  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    g.beginPath();
    g.moveTo(pad.l, y(v) + 0.5);
    g.lineTo(w - pad.r, y(v) + 0.5);
    g.stroke();
    g.fillText(fmt(v), 4, y(v) + 4);
  }
  g.fillText(`−${span / 1000}s`, pad.l, h - 5);
  g.fillText('now', w - pad.r - 22, h - 5);
  lines.forEach((pts, i) => {
    if (pts.length === 0) return;
    g.strokeStyle = COLORS[i % COLORS.length];
    g.lineWidth = 2;
    g.beginPath();
    pts.forEach((p, j) => (j === 0 ? g.moveTo(x(p.t), y(p.v)) : g.lineTo(x(p.t), y(p.v))));
    g.stroke();
  });
}

function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 4, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// ---------------------------------------------------------------- znode browser

const expanded = new Set(['/']);
let selected = '/';
let selectedNode = null;

const join = (parent, child) => (parent === '/' ? '/' + child : parent + '/' + child);

async function loadNode(path) {
  const { status, body } = await getJson(`/api/znode?path=${encodeURIComponent(path)}`);
  return status === 404 ? null : body;
}

async function renderTree() {
  const root = el('ul');
  await renderBranch(root, '/', '/');
  $('#tree').replaceChildren(root);
}

async function renderBranch(list, path, label) {
  const node = await loadNode(path);
  if (!node) {
    expanded.delete(path);
    return;
  }
  const open = expanded.has(path);
  const hasChildren = node.children.length > 0;
  const row = el(
    'div',
    { class: path === selected ? 'selected' : '', dataset: { path }, role: 'treeitem', onclick: () => select(path) },
    el('span', { class: 'toggle', onclick: (ev) => { ev.stopPropagation(); toggle(path); } }, hasChildren ? (open ? '▾' : '▸') : '·'),
    label,
  );
  const li = el('li', {}, row);
  list.append(li);
  if (open && hasChildren) {
    const ul = el('ul');
    li.append(ul);
    for (const c of node.children) await renderBranch(ul, join(path, c), c);
    if (node.childrenTruncated) ul.append(el('li', { class: 'muted' }, '… more children not shown'));
  }
}

function toggle(path) {
  if (expanded.has(path)) expanded.delete(path);
  else expanded.add(path);
  void renderTree();
}

async function select(path) {
  selected = path;
  expanded.add(path);
  await Promise.all([renderTree(), renderNode()]);
}

function bytesOf(node) {
  if (node.data === null) return null;
  return Uint8Array.from(atob(node.data), (c) => c.charCodeAt(0));
}

function showData() {
  const node = selectedNode;
  const pre = $('#node-data');
  if (!node) return void (pre.textContent = '');
  const bytes = bytesOf(node);
  $('#node-size').textContent = bytes === null ? '(null)' : `${bytes.length} bytes`;
  if (bytes === null) return void (pre.textContent = '');
  const view = document.querySelector('input[name=view]:checked').value;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (view === 'hex') {
    const lines = [];
    for (let i = 0; i < bytes.length; i += 16) {
      const row = [...bytes.slice(i, i + 16)];
      const hexs = row.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      const ascii = row.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
      lines.push(`${i.toString(16).padStart(6, '0')}  ${hexs.padEnd(47)}  ${ascii}`);
    }
    pre.textContent = lines.join('\n');
  } else if (view === 'json') {
    try {
      pre.textContent = JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      pre.textContent = `not JSON: ${e.message}`;
    }
  } else {
    pre.textContent = text;
  }
}

async function renderNode() {
  const node = await loadNode(selected);
  selectedNode = node;
  $('#node-path').textContent = selected;
  const stat = $('#node-stat tbody');
  const acl = $('#node-acl tbody');
  if (!node) {
    stat.replaceChildren(el('tr', {}, el('td', {}, 'no such znode')));
    acl.replaceChildren();
    showData();
    return;
  }
  stat.replaceChildren(
    ...Object.entries(node.stat).map(([k, v]) =>
      el('tr', {}, el('th', {}, k), el('td', { class: 'mono' }, k.endsWith('time') && v > 0 ? `${v} (${new Date(v).toISOString()})` : v)),
    ),
  );
  acl.replaceChildren(...node.acl.map((a) => el('tr', {}, el('td', {}, a.scheme), el('td', { class: 'mono' }, a.id), el('td', { class: 'mono' }, a.perms))));
  showData();
}

// ---------------------------------------------------------------- writes (admin.dashboard.write=true)

async function change(op, extra = {}) {
  const user = $('#w-user').value;
  const pass = $('#w-pass').value;
  const result = $('#w-result');
  if (!user || !pass) return void (result.textContent = 'a user and a password are needed (a digest identity)');
  const body = { op, ...extra };
  try {
    const res = await fetch('/api/znode', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-ZK-Dashboard': '1', Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(`${user}:${pass}`))) },
      body: JSON.stringify(body),
    });
    const answer = await res.json();
    result.textContent = answer.ok ? `${op}: done (${answer.path})` : `${op} refused: ${answer.error}`;
    if (answer.ok && op === 'delete') selected = selected.replace(/\/[^/]+$/, '') || '/';
  } catch (e) {
    result.textContent = `${op} failed: ${e.message}`;
  }
  await Promise.all([renderTree(), renderNode()]);
}

function wireWrites() {
  $('#write').hidden = false;
  $('#w-set').addEventListener('click', () => change('set', { path: selected, data: $('#w-data').value }));
  $('#w-create').addEventListener('click', () => {
    const name = $('#w-child').value.trim();
    if (name) change('create', { path: join(selected, name), data: $('#w-data').value });
  });
  $('#w-delete').addEventListener('click', () => {
    if (selected !== '/' && confirm(`delete ${selected}?`)) change('delete', { path: selected });
  });
}

// ---------------------------------------------------------------- sessions and watches

async function renderSessions() {
  const { body } = await getJson('/api/sessions');
  $('#sessions-count').textContent = `(${body.total})`;
  $('#sessions tbody').replaceChildren(
    ...body.sessions.map((s) =>
      el('tr', {}, el('td', { class: 'mono' }, s.id), el('td', { class: 'num' }, `${s.timeoutMs} ms`), el('td', { class: 'mono' }, s.connectedHere ?? ''), el('td', { class: 'mono' }, s.ephemerals.join(', '))),
    ),
  );
}

async function renderWatches() {
  const { body } = await getJson('/api/watches');
  $('#watches-count').textContent = `(${body.total})`;
  $('#watches tbody').replaceChildren(...body.paths.map((w) => el('tr', {}, el('td', { class: 'mono' }, w.path), el('td', { class: 'mono' }, w.sessions.join(', ')))));
}

// ---------------------------------------------------------------- main loop

async function poll() {
  const status = $('#status');
  try {
    const { body } = await getJson('/api/ensemble');
    if (body.write && !writeEnabled) {
      writeEnabled = true;
      wireWrites();
    }
    renderEnsemble(body);
    await Promise.all([renderTree(), renderSessions(), renderWatches(), selectedNode === null ? renderNode() : Promise.resolve()]);
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
    status.classList.remove('bad');
    document.body.dataset.ready = 'true';
  } catch (e) {
    status.textContent = `this server does not answer: ${e.message}`;
    status.classList.add('bad');
  }
}

for (const r of document.querySelectorAll('input[name=view]')) r.addEventListener('change', showData);
void renderNode();
void poll();
setInterval(poll, POLL_MS);
