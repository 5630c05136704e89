import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NewPasswordField, PasswordField } from '../../../common/validation';
import { PersonalKeyResponse } from '../../../common/dto';

export class ResetPasswordRequestDto {
  @ApiProperty({ description: 'The email of the login', example: 'admin@medusa-test.com' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  identifier: string;
}

export class UpdatePasswordDto {
  @ApiProperty({ format: 'password', minLength: 8 })
  @NewPasswordField()
  password: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Also revoke every secret API key and personal access key acting as this person',
  })
  @IsOptional()
  @IsBoolean()
  revoke_keys?: boolean;
}

/** `POST /admin/users/me/password`: the reset's fields, and the current password. */
export class ChangePasswordDto extends UpdatePasswordDto {
  @ApiProperty({ format: 'password', description: 'The current password' })
  @PasswordField()
  old_password: string;
}

export class PasswordReplacedResponse {
  @ApiProperty({ example: true })
  success: true;

  @ApiProperty({
    description: 'Other sessions of this login signed out, customer sessions included',
  })
  sessions_revoked: number;

  @ApiProperty({ description: 'Whether the keys listed below were revoked (revoke_keys)' })
  keys_revoked: boolean;

  @ApiProperty({
    type: [PersonalKeyResponse],
    description:
      "The person's secret API keys: check them, since whoever knew the old password could have made them",
  })
  api_keys: PersonalKeyResponse[];

  @ApiProperty({ type: [PersonalKeyResponse], description: "The person's personal access keys" })
  access_keys: PersonalKeyResponse[];
}
