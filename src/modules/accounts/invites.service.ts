import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { Clock } from '../../common/clock';
import { CryptoService } from '../../common/crypto.service';
import {
  DuplicateError,
  InvalidDataError,
  NotFoundError,
  RefusedError,
  UnauthorizedError,
} from '../../common/errors/app-errors';
import { Page, paginate, PaginationQuery } from '../../common/pagination';
import { newId } from '../../common/ids';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../notifications/mail.service';
import { normalizeEmail } from '../../common/email';
import { IdentitiesService } from '../auth/identities.service';
import { RbacService } from '../rbac/rbac.service';
import type {
  AcceptInviteDto,
  CreateInviteDto,
  InviteResponse,
  InviteSummary,
} from './dto/invite.dto';
import type { UserResponse } from '../../common/dto';
import { Invite } from './invite.entity';
import { UsersService } from '../users/users.service';
import { AccountsService } from './accounts.service';
import { deleteBatch } from '../../database/delete-batch';

const TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Admin invitations: an invite token, then the invitee's registration token, make a user. */
@Injectable()
export class InvitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
    private readonly identities: IdentitiesService,
    private readonly rbac: RbacService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(auth: AuthContext, dto: CreateInviteDto): Promise<InviteResponse> {
    const email = normalizeEmail(dto.email);
    const roleIds = [...new Set(dto.role_ids ?? ['role_viewer'])];
    const roles = await this.rbac.findRoles(this.dataSource.manager, roleIds);
    await this.rbac.assertWithinCeiling(
      auth,
      roles.flatMap((role) => role.permissions),
      { action: 'invite.create', target: { type: 'invite', id: null } },
    );
    if (await this.users.findByEmail(email)) {
      throw new DuplicateError(`User with email ${email} already exists`);
    }
    const token = this.crypto.newToken('invite_token');
    const invite = this.dataSource.manager.create(Invite, {
      id: newId('inv'),
      email,
      token_hash: this.crypto.sha256(token),
      role_ids: roleIds,
      created_by: auth.actor_id,
      expires_at: new Date(this.clock.nowMs() + TTL_MS),
      accepted_at: null,
      accepted_by: null,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.save(invite);
      await this.audit.record(
        {
          auth,
          action: 'invite.create',
          target: { type: 'invite', id: invite.id },
          metadata: { email, role_ids: roleIds },
        },
        manager,
      );
    });
    const { id, role_ids, created_at, expires_at } = invite;
    void this.email(auth, email, token, expires_at);
    return { id, email, role_ids, created_at, expires_at, token };
  }

  /** Every invite, newest first: pending, accepted and expired alike. */
  async list(query: PaginationQuery): Promise<Page<InviteSummary>> {
    const builder = this.dataSource.manager.createQueryBuilder(Invite, 'invite');
    return paginate(builder, query, (invite) => ({
      id: invite.id,
      email: invite.email,
      role_ids: invite.role_ids,
      created_by: invite.created_by,
      created_at: invite.created_at,
      expires_at: invite.expires_at,
      accepted: invite.accepted_at !== null,
      accepted_at: invite.accepted_at,
    }));
  }

  /**
   * A pending invite again, with a new token and seven more days; the old token stops working. The
   * privilege ceiling applies as when creating: the caller must hold every permission its roles carry.
   */
  async resend(auth: AuthContext, id: string): Promise<InviteResponse> {
    const invite = await this.pending(id);
    const roles = await this.rbac.findRoles(this.dataSource.manager, invite.role_ids);
    await this.rbac.assertWithinCeiling(
      auth,
      roles.flatMap((role) => role.permissions),
      { action: 'invite.resend', target: { type: 'invite', id } },
    );
    const token = this.crypto.newToken('invite_token');
    const expiresAt = new Date(this.clock.nowMs() + TTL_MS);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        Invite,
        { id },
        { token_hash: this.crypto.sha256(token), expires_at: expiresAt },
      );
      await this.audit.record(
        {
          auth,
          action: 'invite.resend',
          target: { type: 'invite', id },
          metadata: { email: invite.email },
        },
        manager,
      );
    });
    const { email, role_ids, created_at } = invite;
    void this.email(auth, email, token, expiresAt);
    return { id, email, role_ids, created_at, expires_at: expiresAt, token };
  }

  /**
   * Emails the invite: a link to the console's acceptance page with the token in the fragment, which a
   * browser never sends, so no access log or Referer sees it.
   */
  private async email(auth: AuthContext, email: string, token: string, expiresAt: Date) {
    const inviter = await this.users.find(auth.actor_id);
    const link = `${this.config.publicUrl}/console/invite#token=${token}&email=${encodeURIComponent(email)}`;
    await this.mail.send(email, 'invite', {
      email,
      link,
      invited_by: inviter?.email ?? 'An administrator',
      expires_at: expiresAt.toUTCString(),
    });
  }

  /** Withdraws a pending invite: its token stops working at once. */
  async delete(auth: AuthContext, id: string): Promise<void> {
    const invite = await this.pending(id);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(Invite, { id, accepted_at: IsNull() });
      await this.audit.record(
        {
          auth,
          action: 'invite.delete',
          target: { type: 'invite', id },
          metadata: { email: invite.email },
        },
        manager,
      );
    });
  }

  private async pending(id: string): Promise<Invite> {
    const invite = await this.dataSource.manager.findOneBy(Invite, { id });
    if (!invite) throw new NotFoundError(`Invite with id: ${id} was not found`);
    if (invite.accepted_at) throw new RefusedError('This invite was accepted already');
    return invite;
  }

  /** With a registration token (`/auth/user/emailpass/register`) of the invited email. Works once. */
  async accept(auth: AuthContext, token: string, dto: AcceptInviteDto): Promise<UserResponse> {
    if (auth.actor_id)
      throw new InvalidDataError('The user is already authenticated and cannot accept an invite.');
    const email = await this.identities.findEmailOfIdentity(auth.auth_identity_id);
    const user = await this.accounts.uniqueEmail(email ?? '', () =>
      this.dataSource.transaction(async (manager) => {
        const invite = await manager.findOne(Invite, {
          where: { token_hash: this.crypto.sha256(token) },
          lock: { mode: 'pessimistic_write' },
        });
        if (
          !invite ||
          invite.accepted_at ||
          invite.expires_at.getTime() <= this.clock.nowMs() ||
          invite.email !== email
        ) {
          throw new UnauthorizedError('Invalid invite');
        }
        const created = await this.accounts.createForIdentity(manager, auth.auth_identity_id, {
          email: invite.email,
          first_name: dto.first_name,
          last_name: dto.last_name,
          role_ids: invite.role_ids,
        });
        await manager.update(
          Invite,
          { id: invite.id },
          { accepted_at: this.clock.now(), accepted_by: created.id },
        );
        await this.audit.record(
          {
            actor: { type: 'user', id: created.id, method: 'bearer' },
            action: 'invite.accept',
            target: { type: 'invite', id: invite.id },
            metadata: { email: invite.email },
          },
          manager,
        );
        return created;
      }),
    );
    return this.users.toResponse(user);
  }

  /**
   * Housekeeping: invites accepted or expired before `before`. A lapsed invite is kept a while after it
   * expires, so that an admin can still resend it; the audit log keeps the history of all of them.
   */
  purgeIn(manager: EntityManager, before: Date, limit: number): Promise<number> {
    return deleteBatch(
      manager,
      Invite,
      'accepted_at <= :before OR expires_at <= :before',
      { before },
      'created_at',
      limit,
    );
  }
}
