import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { InvalidDataError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, PaginationQuery } from '../../common/pagination';
import type { CreateSalesChannelDto, SalesChannelResponse } from './dto/sales-channel.dto';
import { SalesChannel } from './sales-channel.entity';

export type { SalesChannel } from './sales-channel.entity';

/** The channels with these ids (duplicates ignored); 400 naming every id that does not exist. */
export async function findSalesChannels(
  manager: EntityManager,
  ids: string[],
): Promise<SalesChannel[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await manager.findBy(SalesChannel, { id: In(unique) });
  const missing = unique.filter((id) => !found.some((channel) => channel.id === id));
  if (missing.length) {
    throw new InvalidDataError(`Sales channels with IDs ${missing.join(', ')} do not exist`);
  }
  return found;
}

@Injectable()
export class SalesChannelsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(_auth: AuthContext, dto: CreateSalesChannelDto): Promise<SalesChannelResponse> {
    const channel = this.dataSource.manager.create(SalesChannel, {
      id: newId('sc'),
      name: dto.name,
      description: dto.description ?? null,
    });
    return this.toResponse(await this.dataSource.manager.save(channel));
  }

  list(_auth: AuthContext, query: PaginationQuery): Promise<Page<SalesChannelResponse>> {
    const builder = this.dataSource.manager.createQueryBuilder(SalesChannel, 'channel');
    return paginate(builder, query, (channel) => this.toResponse(channel));
  }

  private toResponse(channel: SalesChannel): SalesChannelResponse {
    const { id, name, description, created_at, updated_at } = channel;
    return { id, name, description, created_at, updated_at };
  }
}
