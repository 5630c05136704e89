import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { CredentialCache } from './credential-cache';
import { Metrics } from './metrics';

/**
 * What changed: a session or key was revoked, a user's permissions changed (`*`: everyone's, after a role
 * edit), a user record changed (cached profiles must be re-read), or a member's role in an organization
 * changed (`<organization id>/<user id>`: the organization keys carrying it must be re-read).
 */
export type RevokedKind =
  'session' | 'api_key' | 'access_key' | 'permissions' | 'user' | 'membership';

export interface RevocationListener {
  /** One credential was revoked (on this instance or another). */
  revoked(kind: RevokedKind, id: string): void;
  /** Notifications may have been missed (the listening connection dropped): forget everything cached. */
  reset(): void;
}

const CHANNEL = 'gatehouse_revocations';
const RECONNECT_MS = 500;

/**
 * Tells every instance that a session or key was revoked, so in-process caches never serve it again.
 * The NOTIFY is sent inside the revoking transaction, so PostgreSQL delivers it exactly when (and only
 * if) the revocation commits. Caches must not be trusted while the listening connection is down.
 */
@Injectable()
export class RevocationBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationBus.name);
  private readonly listeners = new Set<RevocationListener>();
  private client: Client | undefined;
  private stopped = false;
  private listening = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  /** True while notifications are flowing; a cache consults itself only then. */
  get healthy(): boolean {
    return this.listening;
  }

  subscribe(listener: RevocationListener): void {
    this.listeners.add(listener);
  }

  /**
   * A cache wired to this bus: `onRevoked` evicts what a notice concerns, and a lost connection clears it.
   * `maxAgeMs` bounds how long an entry is trusted even without a notice. `name` labels its hits and
   * misses in the metrics.
   */
  cache<V>(
    name: string,
    onRevoked: (cache: CredentialCache<V>, kind: RevokedKind, id: string) => void,
    maxAgeMs?: number,
  ): CredentialCache<V> {
    const cache = new CredentialCache<V>(this, maxAgeMs, undefined, this.metrics.cache(name));
    this.subscribe({
      revoked: (kind, id) => onRevoked(cache, kind, id),
      reset: () => cache.clear(),
    });
    return cache;
  }

  /** Queue the notification in the revoking transaction; it is delivered on commit. */
  async publish(manager: EntityManager, kind: RevokedKind, id: string): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ kind, id })]);
    this.metrics.revocation(kind, 'sent').inc();
  }

  /** For the revoking instance itself, right after the commit: no waiting for the round trip. */
  revokedHere(kind: RevokedKind, id: string): void {
    for (const listener of this.listeners) listener.revoked(kind, id);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({
      connectionString: options.url,
      application_name: 'gatehouse-revocations',
    });
    client.on('notification', (message) => this.deliver(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      this.listening = true;
    } catch (error) {
      this.lost(client, error);
    }
  }

  private deliver(payload: string | undefined): void {
    try {
      const { kind, id } = JSON.parse(payload ?? '') as { kind: RevokedKind; id: string };
      this.metrics.revocation(kind, 'received').inc();
      for (const listener of this.listeners) listener.revoked(kind, id);
    } catch {
      this.logger.warn('ignored a malformed revocation notice');
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client && this.client !== client) return;
    this.listening = false;
    this.client = undefined;
    for (const listener of this.listeners) listener.reset();
    if (this.stopped) return;
    this.logger.warn(
      `revocation listener lost${error instanceof Error ? `: ${error.message}` : ''}; reconnecting`,
    );
    client.removeAllListeners();
    void client.end().catch(() => undefined);
    setTimeout(() => void this.connect(), RECONNECT_MS).unref();
  }
}
