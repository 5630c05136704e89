import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { EmailField, NewPasswordField, PasswordField } from '../../../common/validation';
import { ACTOR_TYPES, LoginActorType } from '../../../common/auth/auth-context';

export class ActorParams {
  @ApiProperty({ enum: ACTOR_TYPES, description: '`user` (admin) or `customer` (store)' })
  @IsIn(ACTOR_TYPES)
  actor: LoginActorType;
}

export class EmailPassLoginDto {
  @ApiProperty({ example: 'admin@medusa-test.com' })
  @EmailField()
  email: string;

  @ApiProperty({ example: 'supersecret', format: 'password' })
  @PasswordField()
  password: string;
}

export class EmailPassRegisterDto extends EmailPassLoginDto {
  @ApiProperty({ example: 'password123', format: 'password', minLength: 8, maxLength: 1024 })
  @NewPasswordField()
  declare password: string;
}

export class TokenResponse {
  @ApiProperty({ description: 'A JWT; send it as `Authorization: Bearer <token>`' })
  token: string;
}

export class LoginResponse extends TokenResponse {
  @ApiProperty({
    description:
      'Opaque; exchange it at `POST /auth/token/refresh` for a new pair. Each works once.',
  })
  refresh_token?: string;
}
