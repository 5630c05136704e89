import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListEnvelope, PaginationQuery } from '../../../common/pagination';

export class UserResponse {
  @ApiProperty({ example: 'user_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty({ example: 'admin@medusa-test.com' })
  email: string;

  @ApiProperty({ type: String, nullable: true })
  first_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_name: string | null;

  // ISO 8601 strings rather than Dates: the profile is cached and served on every admin page, and
  // JSON.stringify spends over a microsecond on each Date's toJSON.
  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;
}

export class UserEnvelope {
  @ApiProperty({ type: UserResponse })
  user: UserResponse;
}

export class UserList extends ListEnvelope('users', UserResponse) {}

export class ListUsersQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Matches email, first or last name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}
