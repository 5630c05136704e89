import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ListEnvelope } from '../../../common/pagination';

export class RefreshDto {
  @ApiPropertyOptional({
    description:
      'The refresh token from the login (or the last refresh); without it, the session of the Bearer JWT or cookie',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refresh_token?: string;
}

export class RefreshResponse {
  @ApiProperty({ description: 'A new JWT for the same session' })
  token: string;

  @ApiPropertyOptional({
    description: 'With a refresh token sent: the next one (the one sent is now spent)',
  })
  refresh_token?: string;
}

export class SessionInfo {
  @ApiProperty({ example: 'sess_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'gatehouse CLI on build-01',
    description: 'What opened the session when not a login form: a device login names its CLI',
  })
  name: string | null;

  @ApiProperty()
  actor_type: string;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  last_seen_at: Date;

  @ApiProperty()
  expires_at: Date;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  user_agent: string | null;

  @ApiProperty({ description: 'The session of this request' })
  current: boolean;
}

export class SessionList extends ListEnvelope('sessions', SessionInfo) {}

export class RevokedSessions {
  @ApiProperty({ type: [String], description: 'The ids of the sessions signed out' })
  revoked: string[];
}

export class SuccessResponse {
  @ApiProperty({ example: true })
  success: boolean;
}

export class CookieSessionResponse {
  @ApiProperty()
  session_id: string;

  @ApiProperty()
  actor_type: string;

  @ApiProperty()
  actor_id: string;
}
