/**
 * Runs a quorum peer on node: the effect interpreter (src/drive/peer-driver.ts) over node
 * adapters: the election transport (UDP, or TLS with sslQuorum), the quorum port and links
 * (TCP/TLS, quorum-tcp.ts), the node timer and the server's storage. Only wiring and adapters
 * live here; what is done with the peer's effects is decided in src/drive, which the simulator
 * runs too.
 */
import type { Server, Socket } from 'node:net';
import type { Storage } from '../storage/api.js';
import type { LearnerMessage, QuorumSender, SentQuorumMessage } from '../wire/quorum.js';
import type { QuorumPeer, Role, TransferAnswer } from '../peer/quorum-peer.js';
import type { PeerInput } from '../peer/inputs.js';
import { SNAP_CHUNK_BYTES } from '../peer/sync-stream.js';
import { PeerDriver } from '../drive/peer-driver.js';
import type { ClientSink } from '../drive/core-driver.js';
import type { ConnectResult, LinkEvents, QuorumLinkPort, RuntimeMetrics } from '../drive/ports.js';
import { storageDisk } from '../drive/storage-disk.js';
import { connectQuorum, listenQuorum, QuorumLink } from './quorum-tcp.js';
import { createElectionTransport, type ElectionTransport } from './election-transport.js';
import type { QuorumTls } from './quorum-tls.js';
import type { Sid } from '../base/ids.js';
import type { Logger } from '../base/log.js';
import { exitAfterStop, nodeTimer, type FatalHandler } from './core-runtime.js';

/** Where a server's quorum and election ports are (a `server.N` line). */
export interface PeerAddress {
  id: Sid;
  host: string;
  quorumPort: number;
  electionPort: number;
}

export interface PeerRuntimeOptions {
  self: PeerAddress;
  servers: readonly PeerAddress[];
  electionKey?: string | undefined;
  tickIntervalMs: number;
  initLimitMs: number;
  logRetain: number;
  onRole?: (role: Role, serving: boolean) => void;
  /**
   * Storage failed, or the core broke an invariant: the process must exit (after the fatal
   * line is logged), with the cause's status. Main exits; the default stops this runtime only
   * (tests).
   */
  onFatal?: FatalHandler | undefined;
  /** Quorum security (sslQuorum / portUnification): TLS links and proven server ids. */
  quorumTls?: QuorumTls | null;
}

/** Bytes of a sync stream sent per event-loop turn, then the socket must drain. */
const STREAM_TURN_BYTES = SNAP_CHUNK_BYTES;

/** A quorum socket as the interpreter's link port. */
class NetLink implements QuorumLinkPort {
  private events: LinkEvents | null = null;
  private readonly link: QuorumLink<QuorumSender>;

  constructor(socket: Socket, peer: QuorumSender, admit?: (p: LearnerMessage) => boolean) {
    this.link = new QuorumLink<QuorumSender>(
      socket,
      peer,
      {
        onPacket: (p) => this.events?.onPacket(p),
        onClose: (reason) => this.events?.onClose(reason),
      },
      admit as ((p: unknown) => boolean) | undefined,
    );
  }

  setEvents(events: LinkEvents): void {
    this.events = events;
  }

  send(_p: SentQuorumMessage, frame: Uint8Array): void {
    this.link.sendFrame(frame);
  }

  close(reason: string): void {
    this.link.close(reason);
  }

  get isClosed(): boolean {
    return this.link.isClosed;
  }

  whenDrained(fn: () => void): void {
    void this.link.drained().then(fn);
  }
}

export class PeerRuntime {
  readonly driver: PeerDriver<NetLink>;
  private transport: ElectionTransport<{ kind: string }> | null = null;
  private quorumServer: Server | null = null;
  private sink: ClientSink = () => {};
  private stopping: Promise<void> | null = null;

  constructor(
    readonly peer: QuorumPeer,
    storage: Storage,
    private readonly log: Logger,
    private readonly opts: PeerRuntimeOptions,
  ) {
    this.driver = new PeerDriver<NetLink>(
      peer,
      {
        timer: nodeTimer,
        disk: storageDisk(storage),
        log,
        clients: (e) => this.sink(e),
        exit: (reason, cause) => exitAfterStop(() => this.stop(), opts.onFatal, reason, cause),
        connector: { connect: (sid, done) => this.connect(sid, done) },
        datagrams: { send: (to, datagram) => this.transport?.run([{ kind: 'send', to, datagram } as { kind: string }]) },
      },
      {
        tickIntervalMs: opts.tickIntervalMs,
        initLimitMs: opts.initLimitMs,
        logRetain: opts.logRetain,
        snapChunkBytes: SNAP_CHUNK_BYTES,
        streamTurnBytes: STREAM_TURN_BYTES,
        onRole: (e) => opts.onRole?.(e.role, e.serving),
      },
    );
  }

  get core(): QuorumPeer {
    return this.peer;
  }

  get metrics(): RuntimeMetrics | null {
    return this.driver.metrics;
  }

  set metrics(m: RuntimeMetrics | null) {
    this.driver.metrics = m;
  }

  setSink(sink: ClientSink): void {
    this.sink = sink;
  }

  /** Hands one input to the peer, stamped with the time now; its effects are carried out at the end of this turn. */
  submit(input: PeerInput): TransferAnswer | undefined {
    return this.driver.submit(input);
  }

  flush(): void {
    this.driver.flush();
  }

  async start(): Promise<void> {
    const self = this.opts.self;
    const log = this.log;
    this.quorumServer = await listenQuorum(self.host, self.quorumPort, (socket) => {
      const gate = this.opts.quorumTls?.learnerGate(socket, self.id);
      this.driver.acceptLearner(new NetLink(socket, 'learner', gate));
    }, this.opts.quorumTls);
    const transport = createElectionTransport<{ kind: string }>({
      self: { id: self.id, host: self.host, electionPort: self.electionPort },
      servers: this.opts.servers.map((s) => ({ id: s.id, host: s.host, electionPort: s.electionPort })),
      sharedKey: this.opts.electionKey,
      // No tickIntervalMs: the interpreter's tick drives the whole peer, election included.
      handler: {
        step: (input) => {
          // Only datagrams: without a beat the transport never sends a tick.
          if (input.kind === 'datagram') this.driver.electionDatagram(input.datagram);
          return [];
        },
        counters: this.peer.election.counters,
      },
      onEffect: () => {},
      onWarning: (event, detail) => log.warn(`election transport: ${event} ${JSON.stringify(detail)}`),
    }, this.opts.quorumTls, log);
    this.transport = transport;
    await transport.start();
    this.driver.start();
  }

  electionStats(): Record<string, number> {
    return this.transport?.stats() ?? {};
  }

  /** One attempt to reach server `sid`'s quorum port. */
  private connect(sid: number, done: (r: ConnectResult<NetLink>) => void): void {
    const spec = this.opts.servers.find((s) => s.id === sid);
    if (!spec) return void nodeTimer.soon(() => done({ error: `leader ${sid} is not in the configuration`, final: true }));
    const tls = this.opts.quorumTls ? { quorum: this.opts.quorumTls, sid } : null;
    connectQuorum(spec.host, spec.quorumPort, tls).then(
      (socket) => done({ link: new NetLink(socket, 'leader') }),
      (err: Error) => done({ error: err.message }),
    );
  }

  /** Stops the interpreter, closes the ports, and waits for applied state to be written. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.driver.stop();
      await this.transport?.close();
      await new Promise<void>((r) => (this.quorumServer ? this.quorumServer.close(() => r()) : r()));
      await this.driver.applied.settled();
    })();
    return this.stopping;
  }
}
