import { ApiPropertyOptional } from '@nestjs/swagger';
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

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
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
): Promise<Page<R>> {
  const direction = orderDirection(query);
  const [rows, count] = await builder
    .orderBy(`${builder.alias}.created_at`, direction)
    .addOrderBy(`${builder.alias}.id`, direction)
    .skip(query.offset)
    .take(query.limit)
    .getManyAndCount();
  return { items: rows.map(toResponse), count, offset: query.offset, limit: query.limit };
}
