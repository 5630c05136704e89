import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DEVICE_CODE_TTL_SECONDS, DEVICE_POLL_INTERVAL_SECONDS } from '../device-login.service';

export class DeviceCodeRequestDto {
  @ApiProperty({
    description: 'What asks, and on which machine: shown to the approver and named on the session',
    example: 'gatehouse CLI on build-01',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  // No control characters: the name is shown to the approver as the requester wrote it.
  @Matches(/^[^\p{Cc}]+$/u, { message: 'client_name must not contain control characters' })
  client_name: string;
}

export class DeviceCodeResponse {
  @ApiProperty({ description: 'The CLI keeps it and polls `POST /auth/device/token` with it' })
  device_code: string;

  @ApiProperty({
    example: 'BCDF-GHJK',
    description: 'The person types or confirms it in the browser',
  })
  user_code: string;

  @ApiProperty({ example: 'http://localhost:9000/console/device' })
  verification_uri: string;

  @ApiProperty({
    example: 'http://localhost:9000/console/device#user_code=BCDF-GHJK',
    description: 'The same page with the code filled in (in the fragment: it never reaches a log)',
  })
  verification_uri_complete: string;

  @ApiProperty({ example: DEVICE_CODE_TTL_SECONDS })
  expires_in: number;

  @ApiProperty({ example: DEVICE_POLL_INTERVAL_SECONDS, description: 'Seconds between polls' })
  interval: number;
}

export class DeviceTokenRequestDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  device_code: string;
}

export class UserCodeDto {
  @ApiProperty({ example: 'BCDF-GHJK', description: 'Case, spaces and the dash do not matter' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  user_code: string;
}

export class DeviceRequestResponse {
  @ApiProperty({ example: 'gatehouse CLI on build-01' })
  client_name: string;

  @ApiProperty({ type: String, nullable: true, description: "The requester's address" })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  user_agent: string | null;

  @ApiProperty()
  requested_at: Date;

  @ApiProperty()
  expires_at: Date;
}

export class DeviceDecisionResponse extends DeviceRequestResponse {
  @ApiProperty({ enum: ['approved', 'denied'] })
  status: 'approved' | 'denied';
}

export class DeviceGrantErrorBody {
  @ApiProperty({ example: 'invalid_data' })
  type: string;

  @ApiProperty()
  message: string;

  @ApiProperty({
    enum: ['authorization_pending', 'slow_down', 'access_denied', 'expired_token', 'invalid_grant'],
    description:
      "RFC 8628's code: keep polling on the first two (slower on slow_down); stop on the rest",
  })
  error: string;

  @ApiProperty()
  error_description: string;
}
