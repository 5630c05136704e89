import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../common/crypto.service';
import { LastUsedTracker } from '../../common/last-used-tracker';
import { AccessKey } from './access-key.entity';

export type AccessKeyCaller =
  | { owner: 'organization'; access_key_id: string; organization_id: string }
  | { owner: 'personal'; access_key_id: string; user_id: string };

/**
 * The request-path side of access keys: one indexed read by token hash. A deleted key, or a personal key
 * whose user is deleted, is not found. Callers have already checked the token's checksum.
 */
@Injectable()
export class AccessKeyLookupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly lastUsed: LastUsedTracker,
  ) {}

  async authenticate(token: string): Promise<AccessKeyCaller | undefined> {
    const key = await this.dataSource.manager
      .createQueryBuilder(AccessKey, 'key')
      // withDeleted: the join must see a deleted user, so that the condition below can refuse their keys.
      .withDeleted()
      .leftJoin('key.user', 'user')
      .where('key.token_hash = :hash', { hash: this.crypto.sha256(token) })
      .andWhere('key.deleted_at IS NULL')
      .andWhere("(key.owner = 'organization' OR user.deleted_at IS NULL)")
      .getOne();
    if (!key) return undefined;
    this.lastUsed.touch('access_key', key.id, key.last_used_at);
    if (key.owner === 'organization' && key.organization_id) {
      return { owner: 'organization', access_key_id: key.id, organization_id: key.organization_id };
    }
    if (key.owner === 'personal' && key.user_id) {
      return { owner: 'personal', access_key_id: key.id, user_id: key.user_id };
    }
    return undefined;
  }
}
