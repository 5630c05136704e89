import type { Type as Constructor } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Brackets, type ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** DESIGN §3: every list takes limit (default 20, max 100), offset and order. */
export class PaginationQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Larger numbers lose their last digits in JavaScript and overflow PostgreSQL's bigint OFFSET.
  @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;

  @ApiPropertyOptional({
    description: 'Sort by creation time; prefix with - for newest first',
    enum: ['created_at', '-created_at'],
    default: 'created_at',
  })
  @IsOptional()
  @IsIn(['created_at', '-created_at'])
  order: 'created_at' | '-created_at' = 'created_at';
}

export function orderDirection(query: PaginationQuery): 'ASC' | 'DESC' {
  return query.order === '-created_at' ? 'DESC' : 'ASC';
}

export interface Page<T> {
  items: T[];
  count: number;
  offset: number;
  limit: number;
}

/** Narrows a query to rows where any of `columns` contains `q` (case-insensitive, wildcards escaped). */
export function whereContains<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  columns: string[],
  q: string | undefined,
): SelectQueryBuilder<T> {
  if (!q) return builder;
  const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
  return builder.andWhere(
    new Brackets((where) => {
      for (const column of columns) where.orWhere(`${column} ILIKE :pattern`, { pattern });
    }),
  );
}

/** Orders by creation time (id breaks ties), applies limit and offset, and counts. */
export async function paginate<T extends ObjectLiteral, R>(
  builder: SelectQueryBuilder<T>,
  query: PaginationQuery,
  toResponse: (row: T) => R,
  timeColumn = 'created_at',
): Promise<Page<R>> {
  const direction = orderDirection(query);
  const [rows, count] = await builder
    .orderBy(`${builder.alias}.${timeColumn}`, direction)
    .addOrderBy(`${builder.alias}.id`, direction)
    .skip(query.offset)
    .take(query.limit)
    .getManyAndCount();
  return { items: rows.map(toResponse), count, offset: query.offset, limit: query.limit };
}

/** DESIGN §3's list body: `{<plural>: [...], count, offset, limit}`. */
export type ListBody<K extends string, T> = { [P in K]: T[] } & {
  count: number;
  offset: number;
  limit: number;
};

/**
 * The base of every list response class (`class UserList extends ListEnvelope('users', UserResponse) {}`),
 * so Swagger documents each list under its own name with the same shape.
 */
export function ListEnvelope<K extends string, T>(
  plural: K,
  item: Constructor<T>,
): Constructor<ListBody<K, T>> {
  class List {
    @ApiProperty()
    count: number;

    @ApiProperty()
    offset: number;

    @ApiProperty()
    limit: number;
  }
  ApiProperty({ type: [item] })(List.prototype, plural);
  return List as unknown as Constructor<ListBody<K, T>>;
}

export function listBody<K extends string, T>(plural: K, page: Page<T>): ListBody<K, T> {
  const { items, count, offset, limit } = page;
  return { [plural]: items, count, offset, limit } as ListBody<K, T>;
}
