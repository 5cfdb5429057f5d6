/**
 * The web dashboard in a real browser: Debian's Chromium, headless, driven by puppeteer-core,
 * loads a follower's dashboard of a three-server ensemble, shows every server's role, and shows
 * a znode a client creates; writes go through the client port as a digest identity, so ACLs
 * apply. The screenshot is saved in a temp dir (and to docs/images/dashboard.png with
 * UPDATE_SCREENSHOT=1).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startEnsemble } from '../support/ensemble.js';
import { REPO_ROOT } from '../support/zkts-server.js';
import { getJson } from '../support/admin-http.js';
import { CreateMode, ZooKeeperClient } from '../../src/client/index.js';
const CHROMIUM = '/usr/bin/chromium';
/** What this machine's closed network needs: no background connections of Chromium's own. */
const CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];
function post(url, body, identity) {
    return getJson(url, {
        method: 'POST',
        headers: {
            'content-type': 'application/json',
            'x-zk-dashboard': '1',
            ...(identity ? { authorization: 'Basic ' + Buffer.from(identity).toString('base64') } : {}),
        },
        body: JSON.stringify(body),
    });
}
describe('dashboard', () => {
    let ens;
    let leader;
    let follower;
    let browser = null;
    let profile = '';
    let shots = '';
    let client;
    let local = null;
    const admin = (id) => `http://127.0.0.1:${ens.server(id).adminPort}`;
    before(async () => {
        ens = await startEnsemble({ size: 3, election: 'fast', admin: true, extra: { 'admin.dashboard.write': true } });
        leader = await ens.leader();
        follower = ens.servers.find((s) => s.id !== leader).id;
        for (const s of ens.servers)
            await ens.waitForLog(s.id, /admin server on/);
        client = new ZooKeeperClient(ens.connectString);
        await client.connected(10_000);
        profile = mkdtempSync(join(tmpdir(), 'zkts-chromium-'));
        shots = mkdtempSync(join(tmpdir(), 'zkts-screens-'));
    });
    after(async () => {
        await local?.close().catch(() => { });
        await client?.close().catch(() => { });
        await browser?.close().catch(() => { });
        await ens?.cleanup();
        for (const d of [profile, shots])
            if (d)
                rmSync(d, { recursive: true, force: true });
    });
    test('writes: a digest identity, through the normal write path, with ACLs applied', async () => {
        const url = `${admin(follower)}/api/znode`;
        assert.equal((await post(url, { op: 'create', path: '/w' })).status, 401, 'no identity, no write');
        const created = await post(url, { op: 'create', path: '/w', data: 'v1', acl: 'creator' }, 'alice:secret');
        assert.deepEqual(created.body, { ok: true, path: '/w' });
        const node = (await getJson(`${admin(leader)}/api/znode?path=/w`)).body;
        assert.deepEqual(node.acl.map((a) => [a.scheme, a.id.split(':')[0], a.perms]), [['digest', 'alice', 'cdrwa']]);
        const refused = await post(url, { op: 'set', path: '/w', data: 'v2' }, 'bob:other');
        assert.equal(refused.body.ok, false);
        assert.equal(refused.body.code, -102, 'NOAUTH for another identity');
        assert.equal((await post(url, { op: 'set', path: '/w', data: 'v2' }, 'alice:secret')).body.version, 1);
        assert.deepEqual((await post(url, { op: 'delete', path: '/w' }, 'alice:secret')).body, { ok: true, path: '/w' });
        assert.equal((await post(url, { op: 'rename', path: '/w' }, 'alice:secret')).status, 400);
    });
    test('Chromium shows the ensemble, the roles, and a znode a client creates', async () => {
        browser = await puppeteer.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
            userDataDir: profile,
        });
        const page = await browser.newPage();
        await page.setViewport({ width: 1280, height: 1000 });
        const problems = [];
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('console', (m) => {
            // A failed load is reported with its URL below.
            if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
                problems.push(`console: ${m.text()}`);
        });
        page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
        page.on('response', (r) => {
            if (r.status() >= 400)
                problems.push(`HTTP ${r.status()}: ${r.url()}`);
        });
        // Something to show: a service registry with ephemerals and watches on the server the page
        // belongs to, and steady traffic so the graphs have lines.
        local = new ZooKeeperClient(`127.0.0.1:${ens.server(follower).clientPort}`);
        await local.connected(10_000);
        await local.create('/services', null);
        for (const name of ['api-1', 'api-2'])
            await local.create(`/services/${name}`, `10.0.0.${name.slice(-1)}:8080`, { mode: CreateMode.EPHEMERAL });
        await local.getChildren('/services', true);
        await client.create('/config', 'feature.x=on');
        await local.getData('/services/api-1', true);
        let load = true;
        const traffic = (async () => {
            for (let i = 0; load; i++) {
                await (i % 3 === 0 ? local : client).getData('/config').catch(() => { });
                if (i % 25 === 0)
                    await client.setData('/config', `feature.x=on\nrevision=${i}`).catch(() => { });
                await new Promise((r) => setTimeout(r, 15));
            }
        })();
        await page.goto(`${admin(follower)}/`, { waitUntil: 'load' });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
        const roles = await page.$$eval('#ensemble tbody tr', (rows) => rows.map((r) => [r.dataset.server, r.dataset.role]));
        assert.deepEqual(roles, ens.servers.map((s) => [String(s.id), s.id === leader ? 'leading' : 'following']));
        const here = await page.$eval('#ensemble tr.self', (r) => r.dataset.server);
        assert.equal(here, String(follower));
        await client.create('/orders', JSON.stringify({ region: 'eu', shards: 4 }));
        await client.create('/orders/o-1', 'first');
        await page.waitForSelector('#tree [data-path="/orders"]', { timeout: 10_000 });
        await page.click('#tree [data-path="/orders"]');
        await page.waitForFunction("document.querySelector('#node-path')?.textContent === '/orders'", { timeout: 5000 });
        await page.click('input[name=view][value=json]');
        const shown = await page.$eval('#node-data', (e) => e.textContent ?? '');
        assert.deepEqual(JSON.parse(shown), { region: 'eu', shards: 4 });
        await page.waitForSelector('#tree [data-path="/orders/o-1"]', { timeout: 5000 });
        const stat = await page.$eval('#node-stat', (e) => e.textContent ?? '');
        assert.match(stat, /numChildren\s*1/);
        // Let a few polls draw the graphs, then keep the picture.
        await new Promise((r) => setTimeout(r, 14_000));
        load = false;
        await traffic;
        await page.waitForSelector('#sessions tbody tr', { timeout: 5000 });
        const ephemerals = await page.$$eval('#sessions tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
        assert.ok(ephemerals.some((t) => t.includes('/services/api-1') && t.includes('127.0.0.1:')), ephemerals.join('\n'));
        const watched = await page.$$eval('#watches tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
        assert.deepEqual(watched.sort(), ['/services', '/services/api-1']);
        const sessions = await page.$eval('#sessions-count', (e) => e.textContent ?? '');
        assert.match(sessions, /^\(\d+\)$/);
        const shot = join(shots, 'dashboard.png');
        await page.screenshot({ path: shot, fullPage: true });
        if (process.env.UPDATE_SCREENSHOT === '1')
            copyFileSync(shot, join(REPO_ROOT, 'docs', 'images', 'dashboard.png'));
        assert.deepEqual(problems, [], 'the page loads nothing from elsewhere and runs without errors');
    });
});
//# sourceMappingURL=dashboard.test.js.map