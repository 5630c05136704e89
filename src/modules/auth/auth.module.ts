import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createSecretKey } from 'node:crypto';
import { SessionTokens } from '../../common/auth/ports';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthController } from './auth.controller';
import { AuthIdentity } from './auth-identity.entity';
import { EmailPassService } from './emailpass.service';
import { EmailPassStrategy } from './emailpass.strategy';
import { JwtTokenService } from './jwt-token.service';
import { LoginLockoutService } from './login-lockout.service';
import { PasswordHasher } from './password-hasher';
import { PasswordResetService } from './password-reset.service';
import { PasswordsController } from './passwords.controller';
import { PasswordsService } from './passwords.service';
import { PasswordResetToken } from './password-reset-token.entity';
import { ProviderIdentity } from './provider-identity.entity';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      AuthIdentity,
      ProviderIdentity,
      Session,
      RefreshToken,
      PasswordResetToken,
    ]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject prepared once: jsonwebtoken re-derives a raw string key on every call (hot-path.md).
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtExpiresInSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, SessionsController, PasswordsController],
  providers: [
    PasswordHasher,
    JwtTokenService,
    EmailPassService,
    SessionsService,
    PasswordResetService,
    PasswordsService,
    LoginLockoutService,
    EmailPassStrategy,
    { provide: SessionTokens, useExisting: JwtTokenService },
  ],
  exports: [
    SessionTokens,
    EmailPassService,
    JwtTokenService,
    PasswordHasher,
    SessionsService,
    PasswordsService,
  ],
})
export class AuthModule {}
