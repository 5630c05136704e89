import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { UserResponse } from '../../../common/dto';
import { ListEnvelope, PaginationQuery } from '../../../common/pagination';

export class UserList extends ListEnvelope('users', UserResponse) {}

export class ListUsersQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Matches email, first or last name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}
