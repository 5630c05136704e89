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

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
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
