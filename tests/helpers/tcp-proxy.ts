import net from 'node:net';

/**
 * A local TCP proxy in front of a server (e.g. PostgreSQL) that a test can cut — every open connection reset
 * and new ones refused, as during a database restart — and restore, without touching the real server.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | undefined;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts accepting on a local port (the same port again after a {@link cut}). */
  async start(): Promise<number> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined); // a reset side is closed below
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /**
   * Resets every connection and stops listening, so new connections are refused. A connection already closing
   * on one side (its peer went away and the pipe ended it) is closed instead: libuv refuses to reset a socket
   * after a shutdown, and Node then never closes its handle, so the process spins at 100% CPU on exit.
   */
  async cut(): Promise<void> {
    await this.stop((s) => (s.writableEnded ? s.destroy() : s.resetAndDestroy()));
  }

  /** Accepts connections again on the same port. */
  async restore(): Promise<void> {
    await this.start();
  }

  /**
   * Stops the proxy for good; its connections are closed, not reset (at a test's end the peers are often gone
   * already: see {@link TcpProxy.cut}).
   */
  async close(): Promise<void> {
    await this.stop((s) => s.destroy());
  }

  private async stop(end: (socket: net.Socket) => void): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) end(s);
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
