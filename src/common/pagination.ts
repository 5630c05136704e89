import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

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
