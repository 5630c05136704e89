import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { EmailField } from '../../../common/validation';
import { UserResponse } from '../../../common/dto';
import { ListEnvelope } from '../../../common/pagination';

export class CreateInviteDto {
  @ApiProperty({ example: 'new.colleague@example.com' })
  @EmailField()
  email: string;

  @ApiPropertyOptional({
    type: [String],
    default: ['role_viewer'],
    description: 'Roles the new user gets; none may grant more than the inviter holds',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  role_ids?: string[];
}

export class AcceptInviteDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  first_name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  last_name?: string;
}

export class AcceptInviteQuery {
  @ApiProperty({ description: 'The invite token from `POST /admin/invites`' })
  @IsString()
  @MaxLength(200)
  token: string;
}

export class InviteResponse {
  @ApiProperty({ example: 'inv_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: [String] })
  role_ids: string[];

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  expires_at: Date;

  @ApiProperty({ description: 'Shown once: send it to the invitee' })
  token: string;
}

export class InviteEnvelope {
  @ApiProperty({ type: InviteResponse })
  invite: InviteResponse;
}

export class AcceptedInviteEnvelope {
  @ApiProperty({ type: UserResponse })
  user: UserResponse;
}

/** An invite as lists show it: never its token (only its hash is kept). */
export class InviteSummary {
  @ApiProperty({ example: 'inv_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: [String] })
  role_ids: string[];

  @ApiProperty({ description: 'The user who invited' })
  created_by: string;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  expires_at: Date;

  @ApiProperty()
  accepted: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  accepted_at: Date | null;
}

export class InviteList extends ListEnvelope('invites', InviteSummary) {}
