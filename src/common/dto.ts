import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from './validation';

/** Response and request shapes that several modules share (each module keeps its own in its dto/). */

export class NameDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}

export class DeletedObject {
  @ApiProperty()
  id: string;

  @ApiProperty()
  object: string;

  @ApiProperty({ example: true })
  deleted: boolean;
}

export class EndedCredentialResponse {
  @ApiProperty({ enum: ['access_key'] })
  object: 'access_key';

  @ApiProperty({ example: 'ak_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty({ example: 'GitHub Actions deploy' })
  name: string;
}

export class PersonalKeyResponse {
  @ApiProperty({ enum: ['api_key', 'access_key'] })
  object: 'api_key' | 'access_key';

  @ApiProperty({ example: 'apk_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty({ description: 'The API key title or access key name' })
  name: string;

  @ApiProperty({ example: 'sk_AbCd…wXyZ' })
  redacted: string;
}

export class SalesChannelRef {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;
}

/** Flat key/value pairs, bounded by the update DTO. */
export type UserMetadata = Record<string, string | number | boolean | null>;

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

export class RoleRef {
  @ApiProperty({ example: 'role_admin' })
  id: string;

  @ApiProperty({ example: 'admin' })
  name: string;
}

export class UserEnvelope {
  @ApiProperty({ type: UserResponse })
  user: UserResponse;
}
