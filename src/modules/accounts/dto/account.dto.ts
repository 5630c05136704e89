import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import {
  EndedCredentialResponse,
  PersonalKeyResponse,
  RoleRef,
  UserMetadata,
  UserResponse,
} from '../../../common/dto';
import { FlatMetadata } from '../../../common/validation';

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
