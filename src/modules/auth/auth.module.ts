import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createSecretKey } from 'node:crypto';
import { SessionTokens } from '../../common/auth/ports';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthController } from './auth.controller';
import { AuthIdentity } from './auth-identity.entity';
import { DeviceAuthorization } from './device-authorization.entity';
import { DeviceLoginController } from './device-login.controller';
import { DeviceLoginService } from './device-login.service';
import { EmailPassStrategy } from './emailpass.strategy';
import { IdentitiesService } from './identities.service';
import { JwtTokenService } from './jwt-token.service';
import { LoginService } from './login.service';
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
import { RefreshTokensService } from './refresh-tokens.service';
import { SessionsService } from './sessions.service';
import { TokenIssuer } from './token-issuer.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      AuthIdentity,
      ProviderIdentity,
      Session,
      RefreshToken,
      PasswordResetToken,
      DeviceAuthorization,
    ]),
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
  controllers: [AuthController, SessionsController, PasswordsController, DeviceLoginController],
  providers: [
    PasswordHasher,
    JwtTokenService,
    IdentitiesService,
    LoginService,
    TokenIssuer,
    SessionsService,
    RefreshTokensService,
    PasswordResetService,
    PasswordsService,
    DeviceLoginService,
    LoginLockoutService,
    EmailPassStrategy,
    { provide: SessionTokens, useExisting: JwtTokenService },
  ],
  exports: [
    SessionTokens,
    IdentitiesService,
    LoginService,
    SessionsService,
    PasswordsService,
    PasswordResetService,
    DeviceLoginService,
  ],
})
export class AuthModule {}
