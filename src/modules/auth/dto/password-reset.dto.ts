import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PasswordField } from '../../../common/validation';

export class ResetPasswordRequestDto {
  @ApiProperty({ description: 'The email of the login', example: 'admin@medusa-test.com' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  identifier: string;
}

export class UpdatePasswordDto {
  @ApiProperty({ format: 'password', minLength: 8 })
  @PasswordField(8)
  password: string;
}
