/**
 * A three-server ensemble with sslQuorum=true (each server its own certificate from the test
 * CA): elections, replication and failover work as over plain links; and a process without
 * the right certificate — plain text, no certificate, a certificate from another CA, or a
 * certificate of the right CA that does not name the server it claims to be — that talks to
 * the quorum and election ports changes nothing: same leader, same epoch, no role change, and
 * each attempt is a log line naming it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import * as tls from 'node:tls';
import { createClient } from '../../src/client/index.js';
import { encodeElectionDatagram } from '../../src/wire/election.js';
import { encodeElectionHello, frameMessage } from '../../src/wire/election-stream.js';
import { encodeQuorumMessage, Pkt, ZAB_PROTOCOL_VERSION } from '../../src/wire/quorum.js';
import { makePki } from '../support/certs.js';
import { fourLetter, startEnsemble } from '../support/ensemble.js';
import { waitFor } from '../support/zkts-server.js';
const HUGE_EPOCH = 0x7ffffff0;
/** FOLLOWERINFO from "server `sid`" promising a huge epoch: a leader that believed it would step down. */
function followerInfo(sid) {
    const body = encodeQuorumMessage({
        type: Pkt.FOLLOWERINFO,
        acceptedEpoch: HUGE_EPOCH,
        sid,
        protocolVersion: ZAB_PROTOCOL_VERSION,
        lastLogged: (BigInt(HUGE_EPOCH) << 32n) | 5n,
        currentEpoch: HUGE_EPOCH,
    });
    const frame = Buffer.alloc(4 + body.byteLength);
    frame.writeInt32BE(body.byteLength, 0);
    frame.set(body, 4);
    return frame;
}
/** A fast-election notification from "server `sid`" voting for itself with a huge zxid and epoch. */
function notification(sid) {
    const d = {
        header: { sid, incarnation: 7, seq: 1 },
        message: { type: 'fast-notification', notice: { state: 'looking', round: 1_000_000, vote: { leader: sid, zxid: (BigInt(HUGE_EPOCH) << 32n) | 9n, peerEpoch: HUGE_EPOCH } } },
    };
    return encodeElectionDatagram(d, false);
}
/** Writes `bytes` once the connection is up, then waits until it is closed (by either side). */
function attempt(connectSocket, bytes, ready) {
    return new Promise((resolve) => {
        const s = connectSocket();
        let local = 0;
        let answered = 0;
        s.once('connect', () => (local = s.localPort));
        s.once(ready, () => {
            for (const b of bytes)
                s.write(b);
        });
        s.on('data', (d) => (answered += d.length));
        s.on('error', () => { });
        s.on('close', () => resolve({ local, answered }));
        setTimeout(() => s.destroy(), 5000);
    });
}
describe('quorum over mutual TLS (sslQuorum=true)', () => {
    let pki;
    let ensemble;
    const certs = new Map();
    const clients = [];
    before(async () => {
        pki = makePki();
        for (const id of [1, 2, 3])
            certs.set(id, pki.ca.issue(`server-${id}`, { subject: `/O=zk-ts/CN=server-${id}` }));
        ensemble = await startEnsemble({
            size: 3,
            election: 'fast',
            extra: { sslQuorum: true, 'ssl.quorum.trustStore.location': pki.ca.certFile, sslQuorumReloadCertFiles: true },
            perServer: (id) => ({ 'ssl.quorum.keyStore.location': certs.get(id).pem }),
        });
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close().catch(() => { })));
        await ensemble?.cleanup();
        pki?.cleanup();
    });
    it('elects, replicates and fails over as usual', async () => {
        const leader = await ensemble.leader();
        for (const s of ensemble.servers)
            assert.match(ensemble.output(s.id), /quorum security: mutual TLS to peers, accepting TLS only, server ids proven by certificate host names/);
        const c = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        clients.push(c);
        await c.create('/replicated', 'v1');
        for (const s of ensemble.servers) {
            const one = createClient(`127.0.0.1:${s.clientPort}`, { sessionTimeout: 8000 });
            clients.push(one);
            await one.sync('/replicated');
            assert.equal((await one.getData('/replicated')).data?.toString(), 'v1', `server ${s.id}`);
        }
        await ensemble.kill(leader, 'SIGKILL');
        const next = await ensemble.leader(30_000);
        assert.notEqual(next, leader);
        await c.setData('/replicated', 'v2');
        await ensemble.restart(leader);
        const back = createClient(`127.0.0.1:${ensemble.server(leader).clientPort}`, { sessionTimeout: 8000 });
        clients.push(back);
        await back.sync('/replicated');
        assert.equal((await back.getData('/replicated')).data?.toString(), 'v2');
        assert.equal(await ensemble.leader(), next);
    });
    it('a process without the right certificate changes nothing', async () => {
        const leader = await ensemble.leader();
        const epochOf = async (id) => /zk_current_epoch\t(\d+)/.exec(await fourLetter(ensemble.server(id).clientPort, 'mntr'))?.[1];
        const epochs = await Promise.all(ensemble.servers.map((s) => epochOf(s.id)));
        const offsets = new Map(ensemble.servers.map((s) => [s.id, ensemble.output(s.id).length]));
        const ca = readFileSync(pki.ca.certFile, 'utf8');
        const key = (i) => ({ key: readFileSync(i.key, 'utf8'), cert: readFileSync(i.cert, 'utf8') });
        const rogue = pki.newCa('rogue-ca').issue('rogue', { subject: '/CN=server-2' });
        // Signed by the ensemble's CA, but for another host: it cannot prove it is server.2 at 127.0.0.1.
        const elsewhere = pki.ca.issue('elsewhere', { subject: '/O=zk-ts/CN=server-2', sans: ['IP:10.9.8.7', 'DNS:evil.example'] });
        const L = ensemble.server(leader);
        const other = ensemble.servers.find((s) => s.id !== leader);
        const claim = other.id; // a server id that exists, not the attacked server's own
        const plain = (port) => () => netConnect({ host: '127.0.0.1', port });
        const withTls = (port, extra) => () => tls.connect({ host: '127.0.0.1', port, ca, rejectUnauthorized: false, ...extra });
        const electionBytes = [frameMessage(encodeElectionHello(claim)), frameMessage(notification(claim))];
        const results = {
            plainQuorum: await attempt(plain(L.quorumPort), [followerInfo(claim)], 'connect'),
            plainElection: await attempt(plain(L.electionPort), electionBytes, 'connect'),
            noCertQuorum: await attempt(withTls(L.quorumPort, {}), [followerInfo(claim)], 'secureConnect'),
            rogueQuorum: await attempt(withTls(L.quorumPort, key(rogue)), [followerInfo(claim)], 'secureConnect'),
            rogueElection: await attempt(withTls(L.electionPort, key(rogue)), electionBytes, 'secureConnect'),
            elsewhereQuorum: await attempt(withTls(L.quorumPort, key(elsewhere)), [followerInfo(claim)], 'secureConnect'),
            elsewhereElection: await attempt(withTls(L.electionPort, key(elsewhere)), electionBytes, 'secureConnect'),
        };
        // And plain UDP election datagrams: with sslQuorum there is no UDP election socket to hear them.
        const udp = createSocket('udp4');
        for (const s of ensemble.servers)
            udp.send(notification(claim), s.electionPort, '127.0.0.1');
        await new Promise((r) => setTimeout(r, 300));
        udp.close();
        for (const [what, r] of Object.entries(results))
            assert.equal(r.answered, 0, `${what} got an answer`);
        const log = (id) => ensemble.output(id).slice(offsets.get(id));
        const expectLine = async (id, local, re) => {
            let line = '';
            await waitFor(() => (line = log(id).split('\n').find((l) => l.includes(`127.0.0.1:${local}`)) ?? '') !== '', 5000, () => `server ${id} logged nothing about 127.0.0.1:${local}:\n${log(id)}`);
            assert.match(line, re);
        };
        await expectLine(leader, results.plainQuorum.local, /quorum port: TLS handshake with 127\.0\.0\.1:\d+ failed: not a TLS client/);
        await expectLine(leader, results.plainElection.local, /election port: TLS handshake with 127\.0\.0\.1:\d+ failed: not a TLS client/);
        await expectLine(leader, results.noCertQuorum.local, /quorum port: refusing 127\.0\.0\.1:\d+: no certificate/);
        await expectLine(leader, results.rogueQuorum.local, /quorum port: refusing 127\.0\.0\.1:\d+: its certificate does not verify \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
        await expectLine(leader, results.rogueElection.local, /election port: refusing 127\.0\.0\.1:\d+: its certificate does not verify/);
        await expectLine(leader, results.elsewhereQuorum.local, new RegExp(`quorum port: refusing 127\\.0\\.0\\.1:\\d+ as server ${claim}: its certificate does not prove it is server\\.${claim} at 127\\.0\\.0\\.1`));
        await expectLine(leader, results.elsewhereElection.local, new RegExp(`election port: refusing 127\\.0\\.0\\.1:\\d+ as server ${claim}: its certificate does not prove it is server\\.${claim}`));
        // Nothing changed: same leader, same epochs, no role change anywhere, and writes go on.
        assert.equal(await ensemble.leader(), leader);
        assert.deepEqual(await Promise.all(ensemble.servers.map((s) => epochOf(s.id))), epochs);
        for (const s of ensemble.servers)
            assert.doesNotMatch(log(s.id), /role: |stepping down|LOOKING/i, `server ${s.id}`);
        const c = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        clients.push(c);
        await c.create('/after-attacks', 'ok');
    });
});
describe('rolling upgrade (portUnification), classic election, certificate reload (sslQuorumReloadCertFiles)', () => {
    let pki;
    let ensemble;
    const clients = [];
    const certs = new Map();
    before(async () => {
        pki = makePki();
        for (const id of [1, 2, 3])
            certs.set(id, pki.ca.issue(`member-${id}`, { subject: `/O=zk-ts/CN=member-${id}` }));
        // Mid-upgrade: every server accepts both; servers 1 and 2 already connect with TLS, 3 not yet.
        // The classic election here (the other ensemble runs the fast one).
        ensemble = await startEnsemble({
            size: 3,
            election: 'basic',
            extra: { portUnification: true, 'ssl.quorum.trustStore.location': pki.ca.certFile, sslQuorumReloadCertFiles: true },
            perServer: (id) => ({ sslQuorum: id !== 3, 'ssl.quorum.keyStore.location': certs.get(id).pem }),
        });
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close().catch(() => { })));
        await ensemble?.cleanup();
        pki?.cleanup();
    });
    it('TLS and plain-text servers form one ensemble while portUnification is on', async () => {
        const leader = await ensemble.leader();
        assert.match(ensemble.output(3), /quorum security: plain text to peers, accepting TLS and plain text \(portUnification\)/);
        assert.match(ensemble.output(1), /quorum security: mutual TLS to peers, accepting TLS and plain text \(portUnification\)/);
        const c = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        clients.push(c);
        await c.create('/mixed', 'yes');
        for (const s of ensemble.servers) {
            const one = createClient(`127.0.0.1:${s.clientPort}`, { sessionTimeout: 8000 });
            clients.push(one);
            await one.sync('/mixed');
            assert.equal((await one.getData('/mixed')).data?.toString(), 'yes', `server ${s.id} (leader ${leader})`);
        }
        // The plain-text server fails over like the others.
        const modes = await ensemble.modes();
        assert.equal([...modes.values()].filter((m) => m === 'follower').length, 2);
    });
    it('a replaced quorum certificate is used for new links; the ensemble carries on', async () => {
        const leader = await ensemble.leader();
        const L = ensemble.server(leader);
        const ca = readFileSync(pki.ca.certFile, 'utf8');
        const peerCn = async () => {
            const s = tls.connect({ host: '127.0.0.1', port: L.quorumPort, ca, rejectUnauthorized: false, key: readFileSync(certs.get(leader).key), cert: readFileSync(certs.get(leader).cert) });
            await new Promise((r) => s.once('secureConnect', r));
            const cn = String(s.getPeerCertificate().subject.CN);
            s.destroy();
            return cn;
        };
        assert.equal(await peerCn(), `member-${leader}`);
        const renewed = pki.ca.issue(`renewed-${leader}`, { subject: `/O=zk-ts/CN=renewed-${leader}` });
        const from = ensemble.output(leader).length;
        writeFileSync(certs.get(leader).pem, readFileSync(renewed.pem));
        await ensemble.waitForLog(leader, /quorum TLS: key and trust stores reloaded/, 10_000, from);
        assert.equal(await peerCn(), `renewed-${leader}`);
        assert.equal(await ensemble.leader(), leader);
        const c = createClient(ensemble.connectString, { sessionTimeout: 8000 });
        clients.push(c);
        await c.setData('/mixed', 'still');
    });
});
//# sourceMappingURL=quorum-tls.test.js.map