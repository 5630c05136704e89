import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { ListEnvelope, PaginationQuery } from '../../../common/pagination';
import { FlatMetadata } from '../../../common/validation';
import { PersonalKeyResponse } from '../../auth/dto/password-reset.dto';
import { EndedCredentialResponse } from '../../organizations/dto/organization.dto';
import type { UserMetadata } from '../user.entity';

export class UserResponse {
  @ApiProperty({ example: 'user_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty({ example: 'admin@medusa-test.com' })
  email: string;

  @ApiProperty({ type: String, nullable: true })
  first_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  avatar_url: string | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  metadata: UserMetadata | null;

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

export class RoleRef {
  @ApiProperty({ example: 'role_admin' })
  id: string;

  @ApiProperty({ example: 'admin' })
  name: string;
}

export class UserWithRolesResponse extends UserResponse {
  @ApiProperty({ type: [RoleRef] })
  roles: RoleRef[];

  @ApiProperty({ type: [String], description: 'The union of the roles’ permissions' })
  permissions: string[];
}

export class UserWithRolesEnvelope {
  @ApiProperty({ type: UserWithRolesResponse })
  user: UserWithRolesResponse;
}

/** Medusa's `POST /admin/users/:id` fields; `null` clears one. */
export class UpdateUserDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(255)
  first_name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @MaxLength(255)
  last_name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://example.com/me.png' })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  avatar_url?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description:
      'Up to 50 keys of at most 100 characters; values are strings (≤ 1,000), numbers, booleans or null',
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsObject()
  @FlatMetadata()
  metadata?: UserMetadata | null;
}

export class UserDeletionResponse {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'user' })
  object: 'user';

  @ApiProperty({ example: true })
  deleted: true;

  @ApiProperty({ description: 'Sessions and refresh tokens signed out' })
  sessions_revoked: number;

  @ApiProperty({
    type: [PersonalKeyResponse],
    description: 'Secret API keys and personal access keys revoked',
  })
  revoked_keys: PersonalKeyResponse[];

  @ApiProperty({
    type: [EndedCredentialResponse],
    description:
      'Organization access keys that carried the user’s role, revoked with their memberships',
  })
  revoked_access_keys: EndedCredentialResponse[];
}
